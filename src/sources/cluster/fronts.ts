/**
 * What stands in front of a Service's pods, for the termination window: the Ingresses of its
 * namespace (one LIST; `selectService` keeps those that name the Service), the IngressClasses they
 * name (a GET each; a LIST only when one of them relies on the default class), and the Namespace
 * (its readiness-gate injection label), read only when a load balancer may be in front: a
 * LoadBalancer Service, or an Ingress naming it. A forbidden or unserved resource is unknown.
 */
import type { Ingress, IngressClass, KubeObject, NamespaceObject, Service } from '../../kubernetes/objects.ts';
import { INGRESS_CLASS_ANNOTATION } from '../../kubernetes/ingressclass.ts';
import { isIngress } from '../../kubernetes/objects.ts';
import { namesService } from '../../routes/fronts.ts';
import type { KubeClient } from './client.ts';
import { getOrNull, type Gathering } from './gathering.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

/** Round 1: the namespace's Ingresses. */
export async function listIngresses(client: KubeClient, namespace: string, g: Gathering): Promise<KubeObject[]> {
  return g.tolerate('Ingress', () => listAll(client, paths.ingresses(namespace)), [], true);
}

/** Round 2: the Namespace and IngressClasses the fronts of `service` need. */
export async function fetchFrontObjects(client: KubeClient, service: Service, ingresses: readonly KubeObject[], g: Gathering): Promise<void> {
  const fronting = ingresses.filter(isIngress).filter((i) => namesService(i, service));
  const namespace = service.metadata.namespace ?? 'default';
  const mayHaveFront = service.spec?.type === 'LoadBalancer' || fronting.length > 0 || g.isUnknown('Ingress');
  const [ns, classes] = await Promise.all([
    mayHaveFront ? g.tolerate('Namespace', () => getOrNull(() => client.get<NamespaceObject>(paths.namespace(namespace))), null) : null,
    ingressClasses(client, fronting, g),
  ]);
  g.add([...(ns ? [ns] : []), ...classes]);
}

/** The IngressClasses these Ingresses need: none when the annotation names the class, a GET each by name, a LIST when one relies on the default. */
export async function ingressClasses(client: KubeClient, ingresses: readonly Ingress[], g: Gathering): Promise<KubeObject[]> {
  if (ingresses.length === 0) return [];
  // The deprecated annotation decides without the class (awslb/alb.ts isAwsAlbIngress).
  const needing = ingresses.filter((i) => i.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] === undefined);
  if (needing.some((i) => !i.spec?.ingressClassName)) return g.tolerate('IngressClass', () => listAll(client, paths.ingressClasses()), [], true);
  const names = [...new Set(needing.map((i) => i.spec?.ingressClassName as string))];
  const found = await Promise.all(names.map((name) => g.tolerate('IngressClass', () => getOrNull(() => client.get<IngressClass>(paths.ingressClass(name))), null, true)));
  return found.filter((c): c is IngressClass => c !== null);
}

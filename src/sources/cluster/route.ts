/**
 * The reads behind `explain ingress/NAME`, `httproute/NAME` and `grpcroute/NAME` on a live
 * cluster, as narrow as the route allows: GET the route; for an Ingress, the IngressClass it
 * names (fronts.ts); GET each Service a backend names (a 404 is a Service that does not exist, a
 * 403 leaves that backend unknown); for a backend in another namespace, LIST the ReferenceGrants
 * of that namespace. Then `routeReport` resolves the backends as from files.
 */
import { InputError } from '../../failures.ts';
import { isIngressClass, type ReferenceGrant, type Service } from '../../kubernetes/objects.ts';
import type { RouteKind } from '../../kubernetes/target.ts';
import { routeReport, type RouteObject, type RouteSelection } from '../../model/route.ts';
import type { RouteInputs } from '../../routes/types.ts';
import type { KubeClient } from './client.ts';
import { ApiError } from './failures.ts';
import { ingressClasses } from './fronts.ts';
import { Gathering, getOrNull } from './gathering.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

const GATEWAY = 'gateway.networking.k8s.io';

export async function fetchRoute(client: KubeClient, target: { kind: RouteKind; name: string }, namespace: string): Promise<RouteSelection> {
  const route = await getRoute(client, target, namespace);
  const g = new Gathering();
  const classes = route.kind === 'Ingress' ? (await ingressClasses(client, [route], g)).filter(isIngressClass) : [];
  const classesKnown = !g.isUnknown('IngressClass');
  const draft = routeReport(route, { services: [], serviceNamespaces: [], referenceGrants: [], referenceGrantNamespaces: [], ingressClasses: classesKnown ? classes : null });
  const named = new Map<string, { namespace: string; name: string }>();
  for (const b of draft.report.rules.flatMap((r) => r.backends)) if (b.kind === 'Service' && b.group === '') named.set(`${b.namespace}/${b.name}`, b);
  const [services, grants] = await Promise.all([getServices(client, [...named.values()]), getGrants(client, route, [...named.values()])]);
  const inputs: RouteInputs = { ...services, ...grants, ingressClasses: classesKnown ? classes : null };
  return routeReport(route, inputs);
}

async function getRoute(client: KubeClient, target: { kind: RouteKind; name: string }, namespace: string): Promise<RouteObject> {
  const path = target.kind === 'Ingress' ? paths.ingress(namespace, target.name) : paths.gatewayRoute(target.kind === 'HTTPRoute' ? 'httproutes' : 'grpcroutes', namespace, target.name);
  const what = `${target.kind.toLowerCase()} "${target.name}"`;
  try {
    const route = await client.get<RouteObject>(path);
    return { ...route, kind: target.kind } as RouteObject;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const resource = target.kind === 'Ingress' ? 'ingresses.networking.k8s.io' : `${target.kind.toLowerCase()}s.${GATEWAY}`;
    // A missing object names itself in the Status; a resource the server does not serve at all does not.
    if (err.status === 404 && !err.serverMessage.includes(`"${target.name}"`)) throw new InputError(`this cluster does not serve ${resource}${target.kind === 'Ingress' ? '' : ' (are the Gateway API CRDs installed?)'}`);
    if (err.status === 404) throw new InputError(`${what} not found in namespace "${namespace}"`);
    if (err.status === 403) throw new InputError(`${err.serverMessage}: kubectl slices explain needs get on ${resource} in namespace "${namespace}"`);
    throw err;
  }
}

/** A GET per Service named: found, or known not to exist; a forbidden namespace stays unlisted (its backends unknown). */
async function getServices(client: KubeClient, refs: readonly { namespace: string; name: string }[]): Promise<Pick<RouteInputs, 'services' | 'serviceNamespaces'>> {
  const forbidden = new Set<string>();
  const found = await Promise.all(refs.map(async (ref) => {
    try {
      return await getOrNull(() => client.get<Service>(paths.service(ref.namespace, ref.name)));
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) forbidden.add(ref.namespace);
      else throw err;
      return null;
    }
  }));
  const services = found.filter((s): s is Service => s !== null).map((s) => ({ ...s, kind: 'Service' as const }));
  return { services, serviceNamespaces: [...new Set(refs.map((r) => r.namespace))].filter((ns) => !forbidden.has(ns)) };
}

/** ReferenceGrants live in the namespace of what they grant: only the namespaces a backend crosses into are listed. */
async function getGrants(client: KubeClient, route: RouteObject, refs: readonly { namespace: string }[]): Promise<Pick<RouteInputs, 'referenceGrants' | 'referenceGrantNamespaces'>> {
  const own = route.metadata.namespace ?? 'default';
  const crossed = [...new Set(refs.map((r) => r.namespace).filter((ns) => ns !== own))];
  if (route.kind === 'Ingress' || crossed.length === 0) return { referenceGrants: [], referenceGrantNamespaces: [] };
  const lists = await Promise.all(crossed.map(async (ns) => ({ ns, items: await readGrants(client, ns) })));
  const read = lists.filter((l) => l.items !== null);
  return { referenceGrants: read.flatMap((l) => l.items ?? []), referenceGrantNamespaces: read.map((l) => l.ns) };
}

/** Null when forbidden or not served: whether the reference is allowed is then unknown, never "refused". */
async function readGrants(client: KubeClient, namespace: string): Promise<ReferenceGrant[] | null> {
  try {
    return (await listAll(client, paths.referenceGrants(namespace))).map((o) => ({ ...o, kind: 'ReferenceGrant' }) as ReferenceGrant);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return null;
    throw err;
  }
}

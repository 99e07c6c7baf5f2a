/**
 * Picks one Service and what belongs to it out of a pile of objects (files, a bundle, a watch
 * cache): its slices by the kubernetes.io/service-name label, its Endpoints by name, its pods by
 * selector plus any pod an endpoint's targetRef names, their nodes and events. A kind absent from
 * the whole input is recorded as unknown rather than empty. Pure: the same selection serves every
 * source.
 */
import { InputError, UsageError } from '../failures.ts';
import type { EndpointSlice, Endpoints, KubeObject, Pod, Service } from '../kubernetes/objects.ts';
import { isEndpointSlice, isEndpoints, isEvent, isIngress, isIngressClass, isNamespace, isNode, isPod, isService, LABEL_SERVICE_NAME, SNAPSHOT_KINDS } from '../kubernetes/objects.ts';
import type { Ingress, IngressClass } from '../kubernetes/objects.ts';
import { DEFAULT_CLASS_ANNOTATION } from '../kubernetes/ingressclass.ts';
import { namesService } from '../routes/fronts.ts';
import { matchesSelector } from '../kubernetes/labels.ts';
import { podIPs } from '../kubernetes/pod.ts';
import { serviceKey, type ServiceRef } from '../kubernetes/ref.ts';
import { referencedPodNames } from '../kubernetes/targetRef.ts';
import type { Snapshot, UnknownResource } from './snapshot.ts';

export interface SelectOptions {
  /**
   * What is known about kinds absent from `objects`. Files: a kind absent from every file was not
   * captured. Live: a kind that was listed is known even when empty; a forbidden one is unknown.
   */
  unknown?: UnknownResource[];
  /** Nodes the --iptables dumps name: kept like the pods' nodes, for their zone and to check the name. */
  dumpNodes?: readonly string[];
  /**
   * Addresses the node dumps' rules for this Service send traffic to: a pod of the namespace that
   * has one is a row too, selected or not (a pod relabelled out of the Service that stale rules
   * still reach is a pod, not an "endpoint without a pod").
   */
  ruleAddresses?: ReadonlySet<string>;
}

export function selectService(objects: readonly KubeObject[], ref: ServiceRef, options: SelectOptions = {}): Snapshot {
  const service = findService(objects, ref);
  const namespace = service.metadata.namespace ?? 'default';
  const inNamespace = (o: KubeObject) => (o.metadata?.namespace ?? 'default') === namespace;
  const endpointSlices = objects.filter((o): o is EndpointSlice => isEndpointSlice(o) && inNamespace(o) && o.metadata.labels?.[LABEL_SERVICE_NAME] === service.metadata.name);
  const endpoints = objects.find((o): o is Endpoints => isEndpoints(o) && inNamespace(o) && o.metadata.name === service.metadata.name) ?? null;
  const pods = podsOf(service, objects, { slices: endpointSlices, endpoints, addresses: options.ruleAddresses }, inNamespace);
  const nodeNames = new Set([...pods.map((p) => p.spec?.nodeName), ...endpointSlices.flatMap((s) => (s.endpoints ?? []).map((e) => e.nodeName)), ...(options.dumpNodes ?? [])]);
  const podNames = new Set(pods.map((p) => p.metadata.name));
  const nodes = objects.filter(isNode);
  const ingresses = objects.filter(isIngress).filter((o) => inNamespace(o) && namesService(o, service));
  return {
    service,
    endpointSlices,
    endpoints,
    pods,
    nodes: nodes.filter((o) => nodeNames.has(o.metadata.name)),
    events: objects.filter(isEvent).filter((o) => inNamespace(o) && podNames.has(o.involvedObject?.name ?? '')),
    namespace: objects.filter(isNamespace).find((o) => o.metadata.name === namespace) ?? null,
    ingresses,
    ingressClasses: classesOf(ingresses, objects.filter(isIngressClass)),
    unknown: options.unknown ?? unknownKinds(objects),
    namespacePods: unselectedPods(service, objects, pods, inNamespace),
    nodeNames: nodes.map((n) => n.metadata.name),
  };
}

/**
 * When the selector matches no pod, the namespace's other pods: the ones that miss it by one
 * label are the likeliest cause (explain/findings/selector.ts). Empty otherwise.
 */
function unselectedPods(service: Service, objects: readonly KubeObject[], pods: readonly Pod[], inNamespace: (o: KubeObject) => boolean): Pod[] {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || pods.some((p) => matchesSelector(p.metadata.labels, selector))) return [];
  return objects.filter(isPod).filter((o) => inNamespace(o) && !pods.includes(o));
}

function findService(objects: readonly KubeObject[], ref: ServiceRef): Service {
  const named = objects.filter(isService).filter((o) => o.metadata.name === ref.name);
  const matches = ref.namespace ? named.filter((s) => (s.metadata.namespace ?? 'default') === ref.namespace) : named;
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    const namespaces = [...new Set(matches.map((s) => s.metadata.namespace ?? 'default'))];
    if (namespaces.length === 1) {
      const uids = matches.map((s) => s.metadata.uid ?? 'no uid').join(', ');
      throw new InputError(`service "${ref.name}" is in the input ${matches.length} times as different objects (uid ${uids}): captures of two incarnations of it; give the files of one`);
    }
    throw new UsageError(`service "${ref.name}" is in several namespaces of the input (${namespaces.join(', ')}): pass -n NAMESPACE`);
  }
  const all = objects.filter(isService).map(serviceKey);
  const where = ref.namespace ? ` in namespace "${ref.namespace}"` : '';
  const found = all.length > 0 ? ` (services in the input: ${all.slice(0, 5).join(', ')}${all.length > 5 ? ', ...' : ''})` : ' (the input has no Service)';
  throw new InputError(`service "${ref.name}" not found${where} in the input files${found}`);
}

/** What names a pod besides the selector: endpoints' targetRefs, and the addresses node rules send to. */
interface PodReferences {
  slices: EndpointSlice[];
  endpoints: Endpoints | null;
  addresses: ReadonlySet<string> | undefined;
}

function podsOf(service: Service, objects: readonly KubeObject[], refs: PodReferences, inNamespace: (o: KubeObject) => boolean): Pod[] {
  const selector = service.spec?.selector;
  const selects = selector !== undefined && Object.keys(selector).length > 0;
  const referenced = new Set(referencedPodNames(refs.slices, refs.endpoints, service.metadata.namespace ?? 'default'));
  const addressed = (pod: Pod) => refs.addresses !== undefined && refs.addresses.size > 0 && podIPs(pod).some((ip) => refs.addresses?.has(ip));
  return objects.filter(isPod).filter((o) => inNamespace(o) && ((selects && matchesSelector(o.metadata.labels, selector)) || referenced.has(o.metadata.name) || addressed(o)));
}

/** The classes the Ingresses name, and the default ones (what an Ingress without a class gets). */
function classesOf(ingresses: readonly Ingress[], classes: readonly IngressClass[]): IngressClass[] {
  const named = new Set(ingresses.map((i) => i.spec?.ingressClassName));
  return classes.filter((c) => named.has(c.metadata.name) || c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

function unknownKinds(objects: readonly KubeObject[]): UnknownResource[] {
  const present = new Set(objects.map((o) => o.kind));
  return SNAPSHOT_KINDS.filter((kind) => !present.has(kind)).map((kind) => ({ kind, why: 'not in the input files' }));
}

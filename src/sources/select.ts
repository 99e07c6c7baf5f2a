/**
 * Picks one Service and what belongs to it out of a pile of objects (files, a bundle): its slices
 * by the kubernetes.io/service-name label, its Endpoints by name, its pods by selector plus any
 * pod an endpoint's targetRef names, their nodes and events. A kind absent from the whole input is
 * recorded as unknown rather than empty.
 */
import { InputError, UsageError } from '../failures.ts';
import type { EndpointSlice, Endpoints, EventObject, KubeObject, NodeObject, Pod, ResourceKind, Service } from '../kubernetes/objects.ts';
import { LABEL_SERVICE_NAME } from '../kubernetes/objects.ts';
import { matchesSelector } from '../kubernetes/labels.ts';
import type { Snapshot, UnknownResource } from '../model/snapshot.ts';

export interface ServiceRef {
  name: string;
  namespace?: string;
}

export interface SelectOptions {
  /**
   * What is known about kinds absent from `objects`. Files: a kind absent from every file was not
   * captured. Live: a kind that was listed is known even when empty; a forbidden one is unknown.
   */
  unknown?: UnknownResource[];
}

export function selectService(objects: readonly KubeObject[], ref: ServiceRef, options: SelectOptions = {}): Snapshot {
  const service = findService(objects, ref);
  const namespace = service.metadata.namespace ?? 'default';
  const inNamespace = (o: KubeObject) => (o.metadata?.namespace ?? 'default') === namespace;
  const endpointSlices = objects.filter((o): o is EndpointSlice => o.kind === 'EndpointSlice' && inNamespace(o) && o.metadata?.labels?.[LABEL_SERVICE_NAME] === service.metadata.name);
  const endpoints = objects.find((o): o is Endpoints => o.kind === 'Endpoints' && inNamespace(o) && o.metadata?.name === service.metadata.name) ?? null;
  const pods = podsOf(service, objects, endpointSlices, endpoints, inNamespace);
  const nodeNames = new Set([...pods.map((p) => p.spec?.nodeName), ...endpointSlices.flatMap((s) => (s.endpoints ?? []).map((e) => e.nodeName))]);
  const podNames = new Set(pods.map((p) => p.metadata.name));
  return {
    service,
    endpointSlices,
    endpoints,
    pods,
    nodes: objects.filter((o): o is NodeObject => o.kind === 'Node' && nodeNames.has(o.metadata?.name)),
    events: objects.filter((o): o is EventObject => o.kind === 'Event' && inNamespace(o) && podNames.has((o as EventObject).involvedObject?.name ?? '')),
    unknown: options.unknown ?? unknownKinds(objects),
  };
}

function findService(objects: readonly KubeObject[], ref: ServiceRef): Service {
  const named = objects.filter((o): o is Service => o.kind === 'Service' && o.metadata?.name === ref.name);
  const matches = ref.namespace ? named.filter((s) => (s.metadata.namespace ?? 'default') === ref.namespace) : named;
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    const namespaces = matches.map((s) => s.metadata.namespace ?? 'default').join(', ');
    throw new UsageError(`service "${ref.name}" is in several namespaces of the input (${namespaces}): pass -n NAMESPACE`);
  }
  const all = objects.filter((o) => o.kind === 'Service').map((o) => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`);
  const where = ref.namespace ? ` in namespace "${ref.namespace}"` : '';
  const found = all.length > 0 ? ` (services in the input: ${all.slice(0, 5).join(', ')}${all.length > 5 ? ', ...' : ''})` : ' (the input has no Service)';
  throw new InputError(`service "${ref.name}" not found${where} in the input files${found}`);
}

function podsOf(service: Service, objects: readonly KubeObject[], slices: EndpointSlice[], endpoints: Endpoints | null, inNamespace: (o: KubeObject) => boolean): Pod[] {
  const selector = service.spec?.selector;
  const referenced = new Set<string>();
  for (const slice of slices) for (const e of slice.endpoints ?? []) if (e.targetRef?.name) referenced.add(e.targetRef.name);
  for (const subset of endpoints?.subsets ?? []) {
    for (const a of [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]) if (a.targetRef?.name) referenced.add(a.targetRef.name);
  }
  return objects.filter(
    (o): o is Pod =>
      o.kind === 'Pod' && inNamespace(o) && ((selector !== undefined && Object.keys(selector).length > 0 && matchesSelector(o.metadata?.labels, selector)) || referenced.has(o.metadata?.name ?? '')),
  );
}

const SNAPSHOT_KINDS: ResourceKind[] = ['EndpointSlice', 'Endpoints', 'Pod', 'Node', 'Event'];

function unknownKinds(objects: readonly KubeObject[]): UnknownResource[] {
  const present = new Set(objects.map((o) => o.kind));
  return SNAPSHOT_KINDS.filter((kind) => !present.has(kind)).map((kind) => ({ kind, why: 'not in the input files' }));
}

/**
 * Joins the objects of one Service into a ServiceView: each pod with its slice endpoints, its
 * legacy Endpoints membership, its node and its events. Endpoints are tied to pods by targetRef
 * (what both controllers write), else by IP (hand-written or mirrored endpoints carry none).
 */
import type { EndpointSlice, Endpoints, EventObject, NodeObject, ObjectReference, Pod, Service } from '../kubernetes/objects.ts';
import { LABEL_ZONE } from '../kubernetes/objects.ts';
import { matchesSelector } from '../kubernetes/labels.ts';
import { podIPs } from '../kubernetes/pod.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { resolveTargetPort, servicePortLabel } from '../endpointslice/ports.ts';
import { isKnown, type Snapshot } from './snapshot.ts';
import type { EndpointsMembershipView, PodView, PortView, ServiceView, SliceEntry } from './view.ts';
import { observedAt } from './observed.ts';
import { findOrphans } from './orphans.ts';
import { attributeDump, type AttributionContext } from './attribute.ts';
import { byText } from '../kubernetes/order.ts';

export function joinService(snapshot: Snapshot, dumps: readonly NodeRules[] = []): ServiceView {
  const { service } = snapshot;
  const ports = servicePorts(service);
  const nodes = new Map(snapshot.nodes.map((n) => [n.metadata.name, n] as const));
  const entries = sliceEntries(snapshot.endpointSlices);
  const podsKnown = isKnown(snapshot.unknown, 'Pod');
  const endpointsKnown = isKnown(snapshot.unknown, 'Endpoints');
  const pods = [...snapshot.pods, ...(podsKnown ? [] : phantomPods(entries, snapshot.endpoints, service))];
  const index = {
    entries: indexEntries(entries),
    endpoints: indexEndpoints(snapshot.endpoints),
    events: groupBy(snapshot.events.filter((e) => (e.involvedObject?.kind ?? 'Pod') === 'Pod'), (e) => e.involvedObject?.name ?? ''),
  };
  const views = pods.map((pod) => podView(pod, { snapshot, ports, nodes, index, endpointsKnown, phantom: !podsKnown }));
  const context = attributionContext(snapshot, entries);
  const attributed = dumps.map((dump) => attributeDump(dump, service, context));
  return {
    service,
    ports,
    pods: views.sort((a, b) => byText(a.pod.metadata.name, b.pod.metadata.name)),
    slices: snapshot.endpointSlices,
    endpoints: snapshot.endpoints,
    nodes,
    dumps: attributed,
    unknown: snapshot.unknown,
    namespace: snapshot.namespace,
    ingresses: snapshot.ingresses,
    ingressClasses: snapshot.ingressClasses,
    orphans: findOrphans({ service, pods: views, entries, endpoints: snapshot.endpoints, dumps: attributed }),
    ...(snapshot.namespacePods ? { namespacePods: snapshot.namespacePods } : {}),
    ...(snapshot.nodeNames ? { nodeNames: snapshot.nodeNames } : {}),
    observed: observedAt(snapshot),
  };
}

/**
 * What the join knows of nodes for a dump that names no Service (attribute.ts): the addresses the
 * Nodes report, and which endpoint addresses run where (slices' nodeName, else the pod's).
 */
function attributionContext(snapshot: Snapshot, entries: readonly SliceEntry[]): AttributionContext {
  const nodeAddresses = new Set(snapshot.nodes.flatMap((node) => (node.status?.addresses ?? []).map((a) => a.address)));
  const byNode = new Map<string, Set<string>>();
  const add = (node: string | null | undefined, ip: string) => {
    if (!node) return;
    const set = byNode.get(node) ?? new Set<string>();
    set.add(ip);
    byNode.set(node, set);
  };
  for (const { endpoint, address } of entries) add(endpoint.nodeName, address);
  for (const pod of snapshot.pods) for (const ip of podIPs(pod)) add(pod.spec?.nodeName, ip);
  return { nodeAddresses, addressesOn: (node) => byNode.get(node) ?? new Set() };
}

function servicePorts(service: Service): PortView[] {
  return (service.spec?.ports ?? []).map((spec) => ({
    spec,
    label: servicePortLabel(spec),
    name: spec.name ?? '',
    protocol: spec.protocol ?? 'TCP',
  }));
}

function sliceEntries(slices: readonly EndpointSlice[]): SliceEntry[] {
  const entries: SliceEntry[] = [];
  for (const slice of slices) {
    for (const endpoint of slice.endpoints ?? []) {
      for (const address of endpoint.addresses ?? []) entries.push({ slice, endpoint, address });
    }
  }
  return entries;
}

interface JoinContext {
  snapshot: Snapshot;
  ports: PortView[];
  nodes: Map<string, NodeObject>;
  index: { entries: AddressIndex<SliceEntry>; endpoints: AddressIndex<'ready' | 'notReady'>; events: Map<string, EventObject[]> };
  endpointsKnown: boolean;
  phantom: boolean;
}

/**
 * Endpoints name their pod by targetRef (what both controllers write); hand-written or mirrored
 * ones carry none and are matched by IP. Indexed once, so the join stays linear in a 5,000-pod
 * Service.
 */
interface AddressIndex<T> {
  byPod: Map<string, T[]>;
  byIP: Map<string, T[]>;
}

function lookup<T>(index: AddressIndex<T>, pod: Pod, ips: string[]): T[] {
  return [...(index.byPod.get(pod.metadata.name) ?? []), ...ips.flatMap((ip) => index.byIP.get(ip) ?? [])];
}

function addTo<T>(index: AddressIndex<T>, ref: { kind?: string; name?: string } | undefined, ip: string, value: T): void {
  const [map, key] = ref?.name && (ref.kind ?? 'Pod') === 'Pod' ? [index.byPod, ref.name] : [index.byIP, ip];
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexEntries(entries: readonly SliceEntry[]): AddressIndex<SliceEntry> {
  const index: AddressIndex<SliceEntry> = { byPod: new Map(), byIP: new Map() };
  for (const entry of entries) addTo(index, entry.endpoint.targetRef, entry.address, entry);
  return index;
}

function indexEndpoints(endpoints: Endpoints | null): AddressIndex<'ready' | 'notReady'> {
  const index: AddressIndex<'ready' | 'notReady'> = { byPod: new Map(), byIP: new Map() };
  for (const subset of endpoints?.subsets ?? []) {
    for (const a of subset.addresses ?? []) addTo(index, a.targetRef, a.ip, 'ready');
    for (const a of subset.notReadyAddresses ?? []) addTo(index, a.targetRef, a.ip, 'notReady');
  }
  return index;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function podView(pod: Pod, ctx: JoinContext): PodView {
  const { snapshot, nodes } = ctx;
  const ips = podIPs(pod);
  const nodeName = pod.spec?.nodeName ?? null;
  const node = nodeName ? nodes.get(nodeName) : undefined;
  const events = ctx.index.events.get(pod.metadata.name) ?? [];
  const entries = lookup(ctx.index.entries, pod, ips);
  const selector = snapshot.service.spec?.selector;
  return {
    pod,
    selected: selector ? matchesSelector(pod.metadata.labels, selector) : false,
    phantom: ctx.phantom,
    ips,
    nodeName,
    node,
    zone: node?.metadata.labels?.[LABEL_ZONE] ?? entries.find((e) => e.endpoint.zone)?.endpoint.zone ?? null,
    events,
    targetPorts: new Map(ctx.ports.map((p) => [p.label, resolveTargetPort(pod, p.spec)] as const)),
    sliceEntries: entries,
    endpoints: ctx.endpointsKnown ? endpointsMembership(snapshot.endpoints, lookup(ctx.index.endpoints, pod, ips)) : 'unknown',
  };
}

function endpointsMembership(endpoints: Endpoints | null, found: ('ready' | 'notReady')[]): EndpointsMembershipView {
  if (!endpoints) return 'absent';
  if (found.includes('ready')) return 'ready';
  return found.length > 0 ? 'notReady' : 'absent';
}

/**
 * When Pods were not captured, a pod that an endpoint's targetRef names is still a row: in an
 * EndpointSlice, or in the legacy Endpoints (addresses and notReadyAddresses, the common
 * `kubectl get svc,ep -o yaml` paste). Its state comes from the endpoints alone; its readiness is
 * unknown.
 */
function phantomPods(entries: readonly SliceEntry[], endpoints: Endpoints | null, service: Service): Pod[] {
  const byName = new Map<string, Pod>();
  const add = (ref: ObjectReference | undefined, address: string, nodeName: string | undefined) => {
    if (!ref?.name || (ref.kind ?? 'Pod') !== 'Pod') return;
    const known = byName.get(ref.name);
    if (known) {
      if (!known.status?.podIPs?.some((p) => p.ip === address)) known.status?.podIPs?.push({ ip: address });
      return;
    }
    byName.set(ref.name, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: ref.name, namespace: ref.namespace ?? service.metadata.namespace, uid: ref.uid, labels: { ...service.spec?.selector } },
      spec: { nodeName },
      status: { podIP: address, podIPs: [{ ip: address }] },
    });
  };
  for (const { endpoint, address } of entries) add(endpoint.targetRef, address, endpoint.nodeName);
  for (const subset of endpoints?.subsets ?? []) {
    for (const a of [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])]) add(a.targetRef, a.ip, a.nodeName);
  }
  return [...byName.values()];
}

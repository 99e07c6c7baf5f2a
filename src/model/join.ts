/**
 * Joins the objects of one Service into a ServiceView: each pod with its slice endpoints, its
 * legacy Endpoints membership, its node and its events. Endpoints are tied to pods by targetRef
 * (what both controllers write), else by IP (hand-written or mirrored endpoints carry none).
 */
import type { EndpointSlice, Endpoints, NodeObject, Pod, Service } from '../kubernetes/objects.ts';
import { LABEL_ZONE } from '../kubernetes/objects.ts';
import { matchesSelector } from '../kubernetes/labels.ts';
import { podIPs } from '../kubernetes/pod.ts';
import type { NodeRules } from '../kubeproxy/types.ts';
import { podReadiness } from '../readiness/readiness.ts';
import { resolveTargetPort, servicePortLabel } from '../endpointslice/ports.ts';
import type { Snapshot } from './snapshot.ts';
import type { EndpointsMembershipView, PodView, PortView, ServiceView, SliceEntry } from './view.ts';
import { findOrphans } from './orphans.ts';

export function joinService(snapshot: Snapshot, dumps: readonly NodeRules[] = []): ServiceView {
  const { service } = snapshot;
  const ports = servicePorts(service);
  const nodes = new Map(snapshot.nodes.map((n) => [n.metadata.name, n] as const));
  const entries = sliceEntries(snapshot.endpointSlices);
  const podsKnown = !snapshot.unknown.some((u) => u.kind === 'Pod');
  const endpointsKnown = !snapshot.unknown.some((u) => u.kind === 'Endpoints');
  const pods = [...snapshot.pods, ...(podsKnown ? [] : phantomPods(entries, service))];
  const views = pods.map((pod) => podView(pod, { snapshot, ports, nodes, entries, endpointsKnown, phantom: !podsKnown }));
  return {
    service,
    ports,
    pods: views.sort((a, b) => a.pod.metadata.name.localeCompare(b.pod.metadata.name)),
    slices: snapshot.endpointSlices,
    endpoints: snapshot.endpoints,
    nodes,
    dumps: [...dumps],
    unknown: snapshot.unknown,
    orphans: findOrphans({ service, pods: views, entries, endpoints: snapshot.endpoints, dumps }),
  };
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
  entries: SliceEntry[];
  endpointsKnown: boolean;
  phantom: boolean;
}

function podView(pod: Pod, ctx: JoinContext): PodView {
  const { snapshot, nodes } = ctx;
  const ips = podIPs(pod);
  const nodeName = pod.spec?.nodeName ?? null;
  const node = nodeName ? nodes.get(nodeName) : undefined;
  const events = snapshot.events.filter((e) => e.involvedObject?.name === pod.metadata.name && (e.involvedObject.kind ?? 'Pod') === 'Pod');
  const entries = ctx.entries.filter((e) => belongsTo(e.endpoint.targetRef, e.address, pod, ips));
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
    readiness: podReadiness(pod, node, events),
    targetPorts: new Map(ctx.ports.map((p) => [p.label, resolveTargetPort(pod, p.spec)] as const)),
    sliceEntries: entries,
    endpoints: ctx.endpointsKnown ? endpointsMembership(snapshot.endpoints, pod, ips) : 'unknown',
  };
}

function belongsTo(ref: { kind?: string; name?: string } | undefined, address: string, pod: Pod, ips: string[]): boolean {
  if (ref?.name && (ref.kind ?? 'Pod') === 'Pod') return ref.name === pod.metadata.name;
  return ips.includes(address);
}

function endpointsMembership(endpoints: Endpoints | null, pod: Pod, ips: string[]): EndpointsMembershipView {
  if (!endpoints) return 'absent';
  let membership: EndpointsMembershipView = 'absent';
  for (const subset of endpoints.subsets ?? []) {
    if ((subset.addresses ?? []).some((a) => belongsTo(a.targetRef, a.ip, pod, ips))) return 'ready';
    if ((subset.notReadyAddresses ?? []).some((a) => belongsTo(a.targetRef, a.ip, pod, ips))) membership = 'notReady';
  }
  return membership;
}

/**
 * When Pods were not captured, a pod named by an endpoint's targetRef is still a row: its state
 * comes from the endpoint alone, and its readiness is unknown.
 */
function phantomPods(entries: readonly SliceEntry[], service: Service): Pod[] {
  const byName = new Map<string, Pod>();
  for (const { endpoint, address } of entries) {
    const ref = endpoint.targetRef;
    if (!ref?.name || (ref.kind ?? 'Pod') !== 'Pod') continue;
    const known = byName.get(ref.name);
    if (known) {
      known.status?.podIPs?.push({ ip: address });
      continue;
    }
    byName.set(ref.name, {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: ref.name, namespace: ref.namespace ?? service.metadata.namespace, uid: ref.uid, labels: { ...service.spec?.selector } },
      spec: { nodeName: endpoint.nodeName },
      status: { podIP: address, podIPs: [{ ip: address }] },
    });
  }
  return [...byName.values()];
}

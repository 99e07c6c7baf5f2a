/**
 * The readiness drill of examples/readiness-drill/ as a watch sees it, with the EndpointSlice
 * stream cut while the pod fails and the Pod stream cut (then relisted) while it recovers: the
 * objects are the captured ones (after the failure) and, before and after it, the same objects
 * with jl97z Ready (derived). Times are the drill's own: jl97z turned not Ready at 07:59:22 (its
 * Ready lastTransitionTime, and the slice's and Endpoints' last-change-trigger-time).
 */
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { EndpointSlice, Endpoints, KubeObject, Pod } from '../../../src/kubernetes/objects.ts';
import { readObjectFiles } from '../../../src/sources/files.ts';
import type { WatchAction, WatchKind } from '../../../src/watch/types.ts';

const FAILED = Date.parse('2024-07-03T07:59:22Z');
const JL97Z = 'readiness-deployment-b5d4f7c47-jl97z';
const ADDRESS = '10.244.0.8';
const KINDS: WatchKind[] = ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event'];

export const watched = KINDS;
export const target = { name: 'readiness-deployment', namespace: 'default' };

export async function actions(): Promise<WatchAction[]> {
  const file = fileURLToPath(new URL('../../../examples/readiness-drill/objects.yaml', import.meta.url));
  const all = await readObjectFiles([file], Readable.from(['']));
  const mine = (o: KubeObject) => o.metadata?.namespace === 'default' && (o.metadata?.name ?? '').startsWith('readiness-deployment');
  const service = all.filter((o) => o.kind === 'Service' && mine(o));
  const pods = all.filter((o): o is Pod => o.kind === 'Pod' && mine(o));
  const slice = all.find((o): o is EndpointSlice => o.kind === 'EndpointSlice' && mine(o))!;
  const endpoints = all.find((o): o is Endpoints => o.kind === 'Endpoints' && mine(o))!;
  const failed = pods.find((p) => p.metadata.name === JL97Z)!;
  const before = { pods: pods.map((p) => (p === failed ? readyAgain(p) : p)), slice: sliceReady(slice), endpoints: endpointsReady(endpoints) };
  const at = (seconds: number) => FAILED + seconds * 1000;
  const lists: [WatchKind, readonly KubeObject[]][] = [['Service', service], ['Pod', before.pods], ['EndpointSlice', [before.slice]], ['Endpoints', [before.endpoints]], ['Event', []]];
  const connection = (kind: WatchKind, state: 'connecting' | 'connected' | 'reconnecting', seconds: number, detail = ''): WatchAction => ({ type: 'connection', kind, state, detail, at: at(seconds) });
  return [
    ...lists.map(([kind, objects]): WatchAction => ({ type: 'relisted', kind, objects, at: at(-30) })),
    ...KINDS.flatMap((kind) => [connection(kind, 'connecting', -30), connection(kind, 'connected', -30)]),
    // The EndpointSlice stream drops before the failure and comes back 13 s after it.
    connection('EndpointSlice', 'reconnecting', -5, 'watch stream ended'),
    { type: 'event', kind: 'Pod', event: 'MODIFIED', object: failed, at: at(0.1) },
    { type: 'event', kind: 'Endpoints', event: 'MODIFIED', object: endpoints, at: at(0.35) },
    connection('EndpointSlice', 'connected', 13),
    // Resumed from its last resourceVersion, the stream replays the slice update it missed.
    { type: 'event', kind: 'EndpointSlice', event: 'MODIFIED', object: slice, at: at(13.05) },
    // /tmp/healthy is restored: jl97z is Ready again at 07:59:52, while the Pod stream is down.
    connection('Pod', 'reconnecting', 25, 'watch stream ended'),
    { type: 'event', kind: 'EndpointSlice', event: 'MODIFIED', object: withTrigger(before.slice, RECOVERED), at: at(31) },
    { type: 'event', kind: 'Endpoints', event: 'MODIFIED', object: withTrigger(before.endpoints, RECOVERED), at: at(31.2) },
    // Its history compacted (410 Gone), the Pod stream relists: the recovery is seen only then.
    { type: 'relisted', kind: 'Pod', objects: before.pods.map((p) => (p.metadata.name === JL97Z ? readyAgain(p, RECOVERED) : p)), at: at(40) },
    connection('Pod', 'connected', 40),
  ];
}

const RECOVERED = '2024-07-03T07:59:52Z';

function withTrigger<T extends KubeObject>(object: T, trigger: string): T {
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, 'endpoints.kubernetes.io/last-change-trigger-time': trigger } } };
}

function readyAgain(pod: Pod, since = '2024-07-03T07:58:09Z'): Pod {
  const conditions = (pod.status?.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { type: c.type, status: 'True' as const, lastTransitionTime: since } : c));
  const containerStatuses = (pod.status?.containerStatuses ?? []).map((s) => ({ ...s, ready: true }));
  return { ...pod, status: { ...pod.status, conditions, containerStatuses } };
}

function sliceReady(slice: EndpointSlice): EndpointSlice {
  const endpoints = (slice.endpoints ?? []).map((e) => (e.addresses.includes(ADDRESS) ? { ...e, conditions: { ready: true, serving: true, terminating: false } } : e));
  return { ...slice, endpoints };
}

function endpointsReady(endpoints: Endpoints): Endpoints {
  const subsets = (endpoints.subsets ?? []).map(({ notReadyAddresses = [], ...subset }) => {
    const moved = notReadyAddresses.filter((a) => a.ip === ADDRESS);
    const left = notReadyAddresses.filter((a) => a.ip !== ADDRESS);
    return { ...subset, addresses: [...(subset.addresses ?? []), ...moved], ...(left.length > 0 ? { notReadyAddresses: left } : {}) };
  });
  return { ...endpoints, subsets };
}

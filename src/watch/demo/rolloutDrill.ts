/**
 * `demo --drill rollout`: a rolling update of a 3-replica Deployment behind an IP-target load
 * balancer (maxSurge 1, maxUnavailable 0), in simulated time. For each replica: the new pod is
 * created, gets its IP, passes its readiness probe (ContainersReady), is registered healthy by the
 * load balancer controller (the readiness gate turns True) and only then is Ready and ready in the
 * slice; the Deployment then deletes an old pod, whose endpoint turns terminating (serving) in the
 * next slice write, whose preStop sleep holds SIGTERM back 5 s, which then stops serving, and whose
 * endpoint leaves the slice once the pod is gone. The EndpointSlice controller writes ~1 s after a
 * pod change, the Endpoints controller ~1.1 s.
 */
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { WatchAction, WatchKind } from '../types.ts';
import type { DrillStep } from './drill.ts';
import { GRACE_SECONDS, PRESTOP_SECONDS, ROLLOUT_SERVICE, rolloutEndpoints, rolloutPod, rolloutService, rolloutSlice, type RolloutPod } from './rolloutObjects.ts';
import { demoNode } from './objects.ts';

const OLD = [['7d9c5b8f4-qftwz', '10.244.0.6'], ['7d9c5b8f4-mbcjg', '10.244.0.7'], ['7d9c5b8f4-jl97z', '10.244.0.8']] as const;
const NEW = [['5c8f6d7b9-x4k2p', '10.244.0.11'], ['5c8f6d7b9-r8n5t', '10.244.0.12'], ['5c8f6d7b9-w2hz9', '10.244.0.13']] as const;
const START_MS = 1_500;
/** Each new pod: IP, probe passed, gate True (target healthy), the old pod deleted; the next new pod follows the deletion. */
const IP_MS = 1_800;
const PROBE_MS = 4_800;
const GATE_FALSE_MS = 2_600;
const GATE_TRUE_MS = 8_800;
/** The kubelet's next status sync after the gate turns True: Ready follows it (GeneratePodReadyCondition). */
const STATUS_SYNC_MS = 50;
const DELETE_MS = 10_000;
const STOPPED_MS = PRESTOP_SECONDS * 1000 + 300;
const GONE_MS = STOPPED_MS + 500;
const SLICE_MS = 1_010;
const ENDPOINTS_MS = 1_140;
export const ROLLOUT_DRILL_MS = START_MS + 2 * DELETE_MS + DELETE_MS + GONE_MS + 4_000;

interface Change {
  offsetMs: number;
  pod: string;
  update: (p: RolloutPod | undefined, iso: string) => RolloutPod | undefined;
}

export function rolloutDrill(start: number): DrillStep[] {
  // Condition times as the kubelet writes them: RFC 3339, to the second.
  const iso = (offset: number) => new Date(Math.floor((start + offset) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const at = (offset: number) => start + offset;
  const world = new Map<string, RolloutPod>(OLD.map(([name, ip]) => [name, { name, ip, containersReady: true, gate: 'True', ready: true, deletion: null, since: '2024-07-03T07:40:05Z' }]));
  const changes = NEW.flatMap(([name, ip], i) => replica(name, ip, OLD[i]![0], START_MS + i * DELETE_MS));
  const steps: DrillStep[] = [{ offsetMs: 0, actions: initialLists([...world.values()], at(0)) }, { offsetMs: START_MS - 500, actions: [{ type: 'note', text: `drill: kubectl rollout restart deployment/${ROLLOUT_SERVICE}`, at: at(START_MS - 500) }] }];
  for (const change of [...changes].sort((a, b) => a.offsetMs - b.offsetMs)) {
    const before = world.get(change.pod);
    const after = change.update(before, iso(change.offsetMs));
    if (after) world.set(change.pod, after);
    else world.delete(change.pod);
    const pod = rolloutPod(after ?? (before as RolloutPod));
    const event: WatchAction = { type: 'event', kind: 'Pod', event: !before ? 'ADDED' : after ? 'MODIFIED' : 'DELETED', object: pod, at: at(change.offsetMs) };
    const view = [...world.values()];
    steps.push({ offsetMs: change.offsetMs, actions: [event] });
    steps.push({ offsetMs: change.offsetMs + SLICE_MS, actions: [sync('EndpointSlice', rolloutSlice(view), at(change.offsetMs + SLICE_MS))] });
    steps.push({ offsetMs: change.offsetMs + ENDPOINTS_MS, actions: [sync('Endpoints', rolloutEndpoints(view), at(change.offsetMs + ENDPOINTS_MS))] });
  }
  steps.push({ offsetMs: ROLLOUT_DRILL_MS - 1_000, actions: [{ type: 'note', text: 'drill over: 3 new pods serve, the 3 old ones are gone', at: at(ROLLOUT_DRILL_MS - 1_000) }] });
  return steps.sort((a, b) => a.offsetMs - b.offsetMs);
}

/** One replica replaced: the new pod's life up to Ready, then the old pod's termination. */
function replica(name: string, ip: string, old: string, t: number): Change[] {
  const set = (patch: Partial<RolloutPod>) => (p: RolloutPod | undefined, since: string): RolloutPod => ({ ...(p as RolloutPod), ...patch, since });
  return [
    { offsetMs: t, pod: name, update: (_p, since) => ({ name, ip: null, containersReady: false, gate: 'absent', ready: false, deletion: null, since }) },
    { offsetMs: t + IP_MS, pod: name, update: set({ ip }) },
    { offsetMs: t + GATE_FALSE_MS, pod: name, update: set({ gate: 'False' }) },
    { offsetMs: t + PROBE_MS, pod: name, update: set({ containersReady: true }) },
    { offsetMs: t + GATE_TRUE_MS, pod: name, update: set({ gate: 'True' }) },
    { offsetMs: t + GATE_TRUE_MS + STATUS_SYNC_MS, pod: name, update: set({ ready: true }) },
    // The API server writes deletionTimestamp = now + grace, to the second (pkg/registry/rest/delete.go BeforeDelete).
    { offsetMs: t + DELETE_MS, pod: old, update: (p, now) => ({ ...(p as RolloutPod), deletion: secondsLater(now, GRACE_SECONDS), since: p?.since ?? now }) },
    // SIGTERM after the preStop sleep; the app stops and its probe fails: not ready, not serving.
    { offsetMs: t + DELETE_MS + STOPPED_MS, pod: old, update: set({ containersReady: false, ready: false }) },
    { offsetMs: t + DELETE_MS + GONE_MS, pod: old, update: () => undefined },
  ];
}

function secondsLater(time: string, seconds: number): string {
  return new Date(Math.floor(Date.parse(time) / 1000) * 1000 + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function sync(kind: WatchKind, object: KubeObject, at: number): WatchAction {
  return { type: 'event', kind, event: 'MODIFIED', object, at };
}

function initialLists(pods: RolloutPod[], at: number): WatchAction[] {
  const lists: [WatchKind, KubeObject[]][] = [
    ['Service', [rolloutService()]],
    ['Node', [demoNode()]],
    ['Pod', pods.map(rolloutPod)],
    ['EndpointSlice', [rolloutSlice(pods)]],
    ['Endpoints', [rolloutEndpoints(pods)]],
    ['Event', []],
  ];
  return lists.map(([kind, objects]) => ({ type: 'relisted', kind, objects, at }));
}

/**
 * The demo drill, as a schedule of actions in simulated time: one pod's readiness probe starts
 * failing and later passes again, with the delays of the real machinery. The kubelet probes every
 * 3 s and marks the pod not Ready after 3 failures (failureThreshold); the EndpointSlice
 * controller batches pod updates for about 1 s; the Endpoints controller follows a little later.
 */
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { WatchAction, WatchKind } from '../types.ts';
import { demoEndpoints, demoNode, demoPod, demoPods, demoProbeFailure, demoService, demoSlice } from './objects.ts';

export interface DrillStep {
  /** Simulated milliseconds since the drill started. */
  offsetMs: number;
  actions: WatchAction[];
}

const PROBE_PHASE_MS = 1_400;
const PROBE_PERIOD_MS = 3_000;
const FAILURE_THRESHOLD = 3;
const STATUS_SYNC_MS = 50;
const SLICE_BATCH_MS = 1_010;
const ENDPOINTS_DELAY_MS = 1_140;
const BREAK_AT_MS = 1_500;
const REPAIR_AT_MS = 17_000;
export const DRILL_MS = 30_000;
const VICTIM = 'jl97z';

export function demoDrill(start: number): DrillStep[] {
  const iso = (offset: number) => new Date(start + Math.floor(offset / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const at = (offset: number) => start + offset;
  const probeTimes = Array.from({ length: 10 }, (_, i) => PROBE_PHASE_MS + i * PROBE_PERIOD_MS);
  const failures = probeTimes.filter((t) => t > BREAK_AT_MS && t < REPAIR_AT_MS);
  const downAt = (failures[FAILURE_THRESHOLD - 1] ?? 0) + STATUS_SYNC_MS;
  const upAt = (probeTimes.find((t) => t > REPAIR_AT_MS) ?? 0) + STATUS_SYNC_MS;
  const healthy = demoPods(() => true, () => '2024-07-03T07:40:05Z');
  const down = demoPods((s) => s !== VICTIM, (s) => (s === VICTIM ? iso(downAt) : '2024-07-03T07:40:05Z'));
  const up = demoPods(() => true, (s) => (s === VICTIM ? iso(upAt) : '2024-07-03T07:40:05Z'));
  const victim = (pods: typeof healthy) => pods.find((p) => p.name.endsWith(VICTIM)) ?? healthy[0]!;
  const event = (kind: WatchKind, object: KubeObject, offset: number, type: 'ADDED' | 'MODIFIED' = 'MODIFIED'): WatchAction => ({ type: 'event', kind, event: type, object, at: at(offset) });
  const steps: DrillStep[] = [
    { offsetMs: 0, actions: initialLists(healthy, at(0)) },
    { offsetMs: BREAK_AT_MS, actions: [{ type: 'note', text: `drill: kubectl exec ...-${VICTIM} -- rm /tmp/healthy`, at: at(BREAK_AT_MS) }] },
    ...failures.map((t, i) => ({ offsetMs: t, actions: [event('Event', demoProbeFailure(victim(healthy).name, i + 1, iso(failures[0] ?? t), iso(t)), t, i === 0 ? 'ADDED' : 'MODIFIED')] })),
    { offsetMs: downAt, actions: [event('Pod', demoPod(victim(down)), downAt)] },
    { offsetMs: downAt + SLICE_BATCH_MS, actions: [event('EndpointSlice', demoSlice(down), downAt + SLICE_BATCH_MS)] },
    { offsetMs: downAt + ENDPOINTS_DELAY_MS, actions: [event('Endpoints', demoEndpoints(down), downAt + ENDPOINTS_DELAY_MS)] },
    { offsetMs: REPAIR_AT_MS, actions: [{ type: 'note', text: `drill: kubectl exec ...-${VICTIM} -- touch /tmp/healthy`, at: at(REPAIR_AT_MS) }] },
    { offsetMs: upAt, actions: [event('Pod', demoPod(victim(up)), upAt)] },
    { offsetMs: upAt + SLICE_BATCH_MS, actions: [event('EndpointSlice', demoSlice(up), upAt + SLICE_BATCH_MS)] },
    { offsetMs: upAt + ENDPOINTS_DELAY_MS + 60, actions: [event('Endpoints', demoEndpoints(up), upAt + ENDPOINTS_DELAY_MS + 60)] },
    { offsetMs: DRILL_MS - 2_000, actions: [{ type: 'note', text: `drill over: ${VICTIM} left the Service and came back`, at: at(DRILL_MS - 2_000) }] },
  ];
  return steps.sort((a, b) => a.offsetMs - b.offsetMs);
}

function initialLists(pods: ReturnType<typeof demoPods>, at: number): WatchAction[] {
  const lists: [WatchKind, KubeObject[]][] = [
    ['Service', [demoService()]],
    ['Node', [demoNode()]],
    ['Pod', pods.map(demoPod)],
    ['EndpointSlice', [demoSlice(pods)]],
    ['Endpoints', [demoEndpoints(pods)]],
    ['Event', []],
  ];
  return lists.map(([kind, objects]) => ({ type: 'relisted', kind, objects, at }));
}

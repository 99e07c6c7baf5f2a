/**
 * src/watch/evidence.ts through the reducer: each endpoint change is measured from the pod
 * transition that caused it, and only when that transition was seen as it happened. Before, an
 * endpoint change was measured from the pod's last transition whatever it was, and a change a
 * resumed stream replayed was stamped with the replay time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { untilMet } from '../../src/watch/until.ts';
import type { WatchAction, WatchKind } from '../../src/watch/types.ts';
import { endpointsFor } from '../explain/builders.ts';
import { T0, baseline, failureEvent, modified, names, podsWith, run, sliceOf, transitionsOf } from './fixtures.ts';

const iso = (ms: number) => new Date(T0 + ms).toISOString().replace(/\.000Z$/, 'Z');

/** Pod c, Ready or not, whose Ready condition last flipped at T0 + `since` ms (the kubelet's record). */
function podC(ready: boolean, since: number): Pod {
  const pod = podsWith(ready)[2]!;
  for (const c of pod.status?.conditions ?? []) if (c.type === 'Ready') c.lastTransitionTime = iso(since);
  return pod;
}

/** The slice with pod c ready or not, as the controller writes it: its trigger time, and when it wrote it. */
function sliceWith(ready: boolean, trigger: number | null, written?: number): KubeObject {
  const slice = sliceOf(podsWith(ready));
  slice.metadata = {
    ...slice.metadata,
    ...(trigger === null ? {} : { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': iso(trigger) } }),
    ...(written === undefined ? {} : { managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', time: iso(written) }] }),
  };
  return slice;
}

const reconnect = (kind: WatchKind, down: number, up: number): WatchAction[] => [
  { type: 'connection', kind, state: 'connecting', detail: '', at: T0 },
  { type: 'connection', kind, state: 'connected', detail: '', at: T0 },
  { type: 'connection', kind, state: 'reconnecting', detail: 'watch stream ended', at: T0 + down },
  { type: 'connection', kind, state: 'connected', detail: '', at: T0 + up },
];

/** [object, field, to, seconds since the pod transition that caused it] of each slice change. */
const sliceLatencies = (actions: WatchAction[]) =>
  transitionsOf(actions, run(baseline()))
    .transitions.filter((t) => t.source === 'endpointslice' && t.field === 'ready')
    .map((t) => [t.to, t.sincePodTransitionSeconds ?? null]);

describe('watch: an endpoint change is measured from the pod transition that caused it', () => {
  it('the pod falls, the slice follows 1 s later with the fall as its trigger: 1.0 s', () => {
    assert.deepEqual(sliceLatencies([modified('Pod', podC(false, 10_000), T0 + 10_000), modified('EndpointSlice', sliceWith(false, 10_000), T0 + 11_000)]), [[false, 1]]);
  });

  it("the pod's fall was missed (its stream was down): the slice's fall is not measured from the pod's earlier recovery", () => {
    const actions = [
      modified('Pod', podC(false, 10_000), T0 + 10_000),
      modified('Pod', podC(true, 20_000), T0 + 20_000),
      // pod c falls again at T0+30s, unseen; the slice's fall arrives
      modified('EndpointSlice', sliceWith(false, 30_000), T0 + 31_000),
    ];
    assert.deepEqual(sliceLatencies(actions), [[false, null]]);
  });

  it("the slice's trigger time is after the pod's observed fall (it flapped unseen): another change triggered it, not measured", () => {
    const actions = [
      modified('Pod', podC(false, 10_000), T0 + 10_000),
      // unseen: back up at T0+20s, down again at T0+30s
      modified('EndpointSlice', sliceWith(false, 30_000), T0 + 31_000),
    ];
    assert.deepEqual(sliceLatencies(actions), [[false, null]]);
  });

  it('a pod update replayed after a reconnect keeps its own time, is marked, and anchors nothing', () => {
    const actions = [...reconnect('Pod', 25_000, 40_000), modified('Pod', podC(false, 30_000), T0 + 40_000), modified('EndpointSlice', sliceWith(false, 30_000), T0 + 41_000)];
    const { transitions, state } = transitionsOf(actions, run(baseline()));
    const fall = transitions.find((t) => t.source === 'pod');
    assert.deepEqual([fall?.at, fall?.replayed], [T0 + 30_000, true], 'the kubelet time of the fall, not the replay time');
    assert.deepEqual(transitions.filter((t) => t.source === 'endpointslice').map((t) => t.sincePodTransitionSeconds), [null, null], 'not 1.0 s from a replay');
    assert.equal(state.latency.endpointslice.count, 0);
  });

  it('a slice update replayed after a reconnect is marked and left out of the latency figures', () => {
    const actions = [...reconnect('EndpointSlice', 12_000, 40_000), modified('Pod', podC(false, 30_000), T0 + 30_000), modified('EndpointSlice', sliceWith(false, 30_000, 31_000), T0 + 40_000)];
    const { transitions, state } = transitionsOf(actions, run(baseline()));
    const slice = transitions.filter((t) => t.source === 'endpointslice');
    assert.deepEqual(slice.map((t) => [t.at, t.replayed, t.sincePodTransitionSeconds]), [[T0 + 31_000, true, null], [T0 + 31_000, true, null]], 'not 10 s: it was written at T0+31s');
    assert.equal(state.latency.endpointslice.count, 0);
  });

  it('an update that arrives after the stream came back, written after it, is live again', () => {
    const actions = [...reconnect('EndpointSlice', 12_000, 40_000), modified('Pod', podC(false, 50_000), T0 + 50_000), modified('EndpointSlice', sliceWith(false, 50_000, 51_000), T0 + 51_000)];
    assert.deepEqual(sliceLatencies(actions), [[false, 1]]);
  });

  it('a warning event a relist brings back is shown at its own time, marked', () => {
    const start = run([...baseline(), modified('Event', failureEvent(3), T0 + 19_000)]);
    const again = run([{ type: 'relisted', kind: 'Event', objects: [failureEvent(5)], at: T0 + 90_000 }], start);
    const entry = again.timeline.findLast((e) => e.type === 'event');
    assert.deepEqual(entry && entry.type === 'event' ? [entry.at, entry.count, entry.replayed] : null, [Date.parse('2024-07-03T07:59:19Z'), 5, true]);
  });
});

describe('watch --until: unknown satisfies neither condition', () => {
  it('EndpointSlices forbidden: every pod unknown; neither any-not-ready nor all-ready is met', () => {
    const state = run([...baseline().filter((a) => a.type !== 'relisted' || a.kind !== 'EndpointSlice'), { type: 'unavailable', kind: 'EndpointSlice', why: 'forbidden: endpointslices is forbidden', at: T0 }]);
    assert.deepEqual(state.explanation?.pods.map((p) => p.verdict), ['unknown', 'unknown', 'unknown']);
    assert.deepEqual([untilMet('any-not-ready', state), untilMet('all-ready', state)], [false, false]);
  });

  it('a pod known not to receive meets any-not-ready', () => {
    const state = run([...baseline(), modified('Pod', podC(false, 10_000), T0 + 10_000), modified('EndpointSlice', sliceWith(false, 10_000), T0 + 11_000), modified('Endpoints', endpointsFor(podsWith(false)), T0 + 11_100)]);
    assert.equal(untilMet('any-not-ready', state), true);
    assert.equal(state.explanation?.pods.find((p) => p.name === names.c)?.verdict, 'none');
  });
});

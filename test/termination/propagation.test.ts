/**
 * Endpoint removal after a pod is deleted, measured from what a watch saw: the delete request
 * (deletionTimestamp - deletionGracePeriodSeconds), the kubelet's Killing event, EndpointSlice writes
 * as observed, and node rules where collected; then the smallest preStop sleep that would have
 * covered the longest window. Times are injected; nothing here reads a clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSlice, EventObject, Pod } from '../../src/kubernetes/objects.ts';
import { measureEndpointRemoval, recommendPreStopSleep, type DataplaneObservation, type SliceObservation } from '../../src/termination/propagation.ts';
import { endpointFor, pod as basePod, slice } from '../explain/builders.ts';

/** Deleted at 03:50:00 with the default 30 s grace: the API server wrote deletionTimestamp 03:50:30. */
function deleted(name: string): Pod {
  const p = basePod(name);
  p.metadata.deletionTimestamp = '2024-10-02T03:50:30Z';
  p.metadata.deletionGracePeriodSeconds = 30;
  return p;
}

const victim = deleted('web-5f7d9c6b8-tq8vn');
const other = basePod('web-5f7d9c6b8-7kq2w');
const before = basePod('web-5f7d9c6b8-tq8vn');

function seen(observedAt: string, s: EndpointSlice, deletedSlice = false): SliceObservation {
  return { observedAt, slice: s, ...(deletedSlice ? { deleted: true } : {}) };
}

const killing: EventObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-5f7d9c6b8-tq8vn.17fa1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-5f7d9c6b8-tq8vn', namespace: 'default' }, reason: 'Killing', message: 'Stopping container app', type: 'Normal', firstTimestamp: '2024-10-02T03:50:00Z', lastTimestamp: '2024-10-02T03:50:00Z' };

const rollout: SliceObservation[] = [
  seen('2024-10-02T03:49:00.000Z', slice('web-r2ntg', [endpointFor(before), endpointFor(other)])),
  seen('2024-10-02T03:50:00.412Z', slice('web-r2ntg', [endpointFor(victim), endpointFor(other)])),
  seen('2024-10-02T03:50:31.204Z', slice('web-r2ntg', [endpointFor(other)])),
];
const nodes: DataplaneObservation[] = [
  { node: 'node-a', observedAt: '2024-10-02T03:50:01.500Z', routable: false },
  { node: 'node-b', observedAt: '2024-10-02T03:50:01.000Z', routable: true },
  { node: 'node-b', observedAt: '2024-10-02T03:50:02.300Z', routable: false },
];

describe('endpoint removal after a delete', () => {
  it('a watched rollout: every milestone, in order, timed from the delete request', () => {
    const m = measureEndpointRemoval({ pod: victim, events: [killing], slices: rollout, dataplane: nodes });
    assert.deepEqual(m.milestones.map((x) => `${x.name} +${x.afterSeconds}`), ['deleteRequested +0', 'killing +0', 'endpointNotReady +0.412', 'ruleRemoved +1.5', 'ruleRemoved +2.3', 'endpointRemoved +31.204']);
    assert.equal(m.notReadyAfterSeconds, 0.412);
    assert.equal(m.rulesRemovedAfterSeconds, 2.3);
    assert.deepEqual(m.missing, []);
    assert.deepEqual(recommendPreStopSleep([m]), { measured: true, seconds: 3, pod: 'web-5f7d9c6b8-tq8vn', basis: 'longest window: pod web-5f7d9c6b8-tq8vn, 2.3 s from the delete request until every observed node stopped routing to it; the delete time is known to the second. Load balancer deregistration is not measured.' });
  });

  it('the trigger-time annotation is reported as written (the Ready transition, not the write)', () => {
    const marked = structuredClone(rollout);
    marked[1]!.slice.metadata.annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': '2024-10-02T01:12:31Z' };
    assert.equal(measureEndpointRemoval({ pod: victim, events: [], slices: marked }).triggerTime, '2024-10-02T01:12:31Z');
  });

  it('without node rules the window ends at the slice write, and the recommendation says what it leaves out', () => {
    const m = measureEndpointRemoval({ pod: victim, events: [], slices: rollout });
    assert.equal(m.rulesRemovedAfterSeconds, null);
    assert.deepEqual(m.missing, ["each node's rule removal (node rules were not collected)"]);
    const r = recommendPreStopSleep([m]);
    assert.ok(r.measured);
    assert.equal(r.seconds, 1);
    assert.match(r.basis, /node rule removal not measured: each node's proxy adds its sync time/);
  });

  it('a node still routing when last collected: no rules figure, and it is named', () => {
    const m = measureEndpointRemoval({ pod: victim, events: [], slices: rollout, dataplane: nodes.slice(0, 2) });
    assert.equal(m.rulesRemovedAfterSeconds, null);
    assert.deepEqual(m.missing, ['rule removal on node-b (still routable when last collected)']);
  });

  it('a deleted slice removes its endpoints', () => {
    const m = measureEndpointRemoval({ pod: victim, events: [], slices: [...rollout.slice(0, 2), seen('2024-10-02T03:50:40Z', slice('web-r2ntg', []), true)] });
    assert.equal(m.milestones.find((x) => x.name === 'endpointRemoved')?.afterSeconds, 40);
  });

  it('an endpoint whose conditions are absent is ready (discovery/v1): not a removal', () => {
    const bare = slice('web-r2ntg', [{ ...endpointFor(victim), conditions: {} }]);
    const m = measureEndpointRemoval({ pod: victim, events: [], slices: [seen('2024-10-02T03:50:05Z', bare)] });
    assert.equal(m.notReadyAfterSeconds, null);
    assert.match(m.missing.join(), /the slice write that marked the endpoint not ready/);
  });

  it('nothing measured: say so, and why', () => {
    assert.deepEqual(recommendPreStopSleep([]), { measured: false, why: 'no pod was deleted while watching' });
    const notDeleted = measureEndpointRemoval({ pod: other, events: [], slices: rollout });
    assert.deepEqual(notDeleted.missing, ['a deletion (the pod has no deletionTimestamp)']);
    const noSlices = measureEndpointRemoval({ pod: victim, events: [], slices: [] });
    assert.deepEqual(recommendPreStopSleep([noSlices]), { measured: false, why: "EndpointSlice changes (no slice was observed); the slice write that removed the endpoint (not observed); each node's rule removal (node rules were not collected)" });
  });

  it('the longest window of several pods decides', () => {
    const second = deleted('web-5f7d9c6b8-m9x4z');
    const slow = [seen('2024-10-02T03:49:00Z', slice('web-r2ntg', [endpointFor(basePod('web-5f7d9c6b8-m9x4z'))])), seen('2024-10-02T03:50:04.100Z', slice('web-r2ntg', [endpointFor(second)]))];
    const r = recommendPreStopSleep([measureEndpointRemoval({ pod: victim, events: [], slices: rollout }), measureEndpointRemoval({ pod: second, events: [], slices: slow })]);
    assert.deepEqual(r.measured ? [r.pod, r.seconds] : r, ['web-5f7d9c6b8-m9x4z', 5]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transitionRecord } from '../../src/render/ndjson.ts';
import { watchReducer } from '../../src/watch/reducer.ts';
import { watchSummary } from '../../src/watch/summary.ts';
import { untilMet } from '../../src/watch/until.ts';
import type { Transition } from '../../src/watch/types.ts';
import { endpointsFor } from '../explain/builders.ts';
import { T0, baseline, deleted, failureAndRecovery, ips, modified, names, podsWith, run, sliceOf, transitionsOf } from './fixtures.ts';

const brief = (t: Transition) => [t.object, t.field, t.from, t.to, t.sincePodTransitionSeconds ?? null];

describe('watch reducer: a readiness failure and recovery', () => {
  const start = run(baseline());
  const { state, transitions } = transitionsOf(failureAndRecovery(), start);

  it('the initial lists are the baseline: no transitions, every pod receives traffic', () => {
    assert.equal(start.counts.transitions, 0);
    assert.deepEqual(start.explanation?.summary, { pods: 3, receiving: 3, notReceiving: 0, unknown: 0, unknownBecause: [], partial: 0, stale: 0, staleRules: [], fallback: 0, receivingNotReady: [], sliceEndpoints: { ready: 3, total: 3 }, endpoints: { ready: 3, listed: 3 } });
  });

  it('produces the pod, slice and Endpoints transitions in order, each endpoint change with its latency', () => {
    assert.deepEqual(transitions.map(brief), [
      [`pod/${names.c}`, 'Ready', 'True', 'False', null],
      ['endpointslice/web-wscv5', 'ready', true, false, 1],
      ['endpointslice/web-wscv5', 'serving', true, false, 1],
      ['endpoints/web', 'address', 'addresses', 'notReadyAddresses', 1.15],
      [`pod/${names.c}`, 'Ready', 'False', 'True', null],
      ['endpointslice/web-wscv5', 'ready', false, true, 1],
      ['endpointslice/web-wscv5', 'serving', false, true, 1],
      ['endpoints/web', 'address', 'notReadyAddresses', 'addresses', 1.2],
    ]);
    assert.deepEqual(transitions.map((t) => t.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(transitions.slice(1).every((t) => t.source === 'pod' || (t.pod === names.c && t.address === ips.c)));
  });

  it('gives the pod that turns not Ready the root cause explain reports, with the probe output', () => {
    const out = run(failureAndRecovery().slice(0, 2), start);
    const c = out.explanation?.pods.find((p) => p.name === names.c);
    assert.equal(c?.reasons[0]?.code, 'ReadinessProbeFailing');
    assert.equal(transitions[0]?.reason, c?.reasons[0]?.message);
    assert.match(transitions[0]?.reason ?? '', /cat \/tmp\/healthy.*can't open/);
    assert.equal(transitions[4]?.reason, undefined);
  });

  it('rebuilds the explanation at every step: the pod gets no traffic while out, and traffic again after', () => {
    const out = run(failureAndRecovery().slice(0, 3), start);
    const c = out.explanation?.pods.find((p) => p.name === names.c);
    assert.equal(c?.verdict, 'none');
    assert.equal(c?.endpoint?.ready, false);
    assert.equal(state.explanation?.pods.find((p) => p.name === names.c)?.verdict, 'receives');
  });

  it('summarises latency once per object update (min / median / max) per kind', () => {
    const summary = watchSummary(state, 'test');
    assert.deepEqual(summary.latencySeconds.endpointslice, { count: 2, min: 1, median: 1, max: 1 });
    assert.deepEqual(summary.latencySeconds.endpoints, { count: 2, min: 1.15, median: 1.175, max: 1.2 });
    assert.deepEqual(summary.latencySeconds.all, { count: 4, min: 1, median: 1.075, max: 1.2 });
    assert.equal(summary.transitions, 8);
    assert.equal(summary.podTransitions, 2);
    assert.equal(summary.durationSeconds, 21.2);
  });

  it('puts the warning event and every transition on the timeline', () => {
    const kinds = state.timeline.map((e) => e.type);
    assert.deepEqual(kinds, ['event', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition']);
    const event = state.timeline[0];
    assert.ok(event?.type === 'event' && event.pod === names.c && event.count === 3 && event.reason === 'Unhealthy');
  });

  it('prints each transition as an NDJSON record with RFC 3339 time, saying what it is', () => {
    assert.deepEqual(transitionRecord(transitions[3]!), {
      apiVersion: 'kubectl-slices.github.io/v1alpha1', kind: 'Transition', time: '2024-07-03T07:59:11.150Z', object: 'endpoints/web', pod: names.c, address: ips.c, field: 'address', from: 'addresses', to: 'notReadyAddresses', sincePodTransitionSeconds: 1.15,
    });
    assert.deepEqual(Object.keys(transitionRecord(transitions[0]!)), ['apiVersion', 'kind', 'time', 'object', 'pod', 'field', 'from', 'to', 'reason']);
  });
});

describe('watch reducer: relists after 410 Gone', () => {
  const start = run(baseline());
  const down = podsWith(false);

  it('a relist that finds what was already known produces no transition', () => {
    const afterFailure = run(failureAndRecovery().slice(0, 4), start);
    const { transitions } = transitionsOf(
      [
        { type: 'relisted', kind: 'Pod', objects: down, at: T0 + 12_000 },
        { type: 'relisted', kind: 'EndpointSlice', objects: [sliceOf(down)], at: T0 + 12_000 },
        { type: 'relisted', kind: 'Endpoints', objects: [endpointsFor(down)], at: T0 + 12_000 },
        // A watch that replays an event already applied changes nothing either.
        modified('Pod', down[2]!, T0 + 12_100),
      ],
      afterFailure,
    );
    assert.deepEqual(transitions, []);
  });

  it('a change missed while disconnected appears once, marked as seen by relist and not measured', () => {
    const { state, transitions } = transitionsOf(
      [
        { type: 'relisted', kind: 'Pod', objects: down, at: T0 + 30_000 },
        { type: 'relisted', kind: 'Pod', objects: down, at: T0 + 31_000 },
        modified('EndpointSlice', sliceOf(down), T0 + 32_000),
      ],
      start,
    );
    assert.deepEqual(transitions.map(brief), [
      [`pod/${names.c}`, 'Ready', 'True', 'False', null],
      ['endpointslice/web-wscv5', 'ready', true, false, null],
      ['endpointslice/web-wscv5', 'serving', true, false, null],
    ]);
    assert.equal(transitions[0]?.viaRelist, true);
    assert.equal(state.counts.relists, 2);
    assert.equal(state.latency.endpointslice.count, 0);
  });
});

describe('watch reducer: a deleted pod', () => {
  const start = run(baseline());
  const terminating = podsWith(false, { cDeleting: true });
  const remaining = podsWith(true).slice(0, 2);
  const { state, transitions } = transitionsOf(
    [
      modified('Pod', terminating[2]!, T0 + 5_000),
      modified('EndpointSlice', sliceOf(terminating), T0 + 5_400),
      modified('Endpoints', endpointsFor(terminating), T0 + 5_500),
      deleted('Pod', terminating[2]!, T0 + 8_000),
      modified('EndpointSlice', sliceOf(remaining), T0 + 8_300),
    ],
    start,
  );

  it('reports terminating, then not serving, then gone from the pod, its slice endpoint and Endpoints', () => {
    assert.deepEqual(transitions.map(brief), [
      [`pod/${names.c}`, 'Ready', 'True', 'False', null],
      [`pod/${names.c}`, 'terminating', false, true, null],
      ['endpointslice/web-wscv5', 'ready', true, false, 0.4],
      ['endpointslice/web-wscv5', 'serving', true, false, 0.4],
      ['endpointslice/web-wscv5', 'terminating', false, true, 0.4],
      ['endpoints/web', 'address', 'addresses', 'absent', 0.5],
      [`pod/${names.c}`, 'exists', true, false, null],
      ['endpointslice/web-wscv5', 'exists', true, false, 0.3],
    ]);
  });

  it('forgets the deleted pod: two pods left, both receive traffic', () => {
    assert.deepEqual(state.explanation?.summary, { pods: 2, receiving: 2, notReceiving: 0, unknown: 0, unknownBecause: [], partial: 0, stale: 0, staleRules: [], fallback: 0, receivingNotReady: [], sliceEndpoints: { ready: 2, total: 2 }, endpoints: { ready: 2, listed: 2 } });
  });
});

describe('watch reducer: lifecycle', () => {
  it('changes seen before a kind is listed are the baseline, not transitions', () => {
    const down = podsWith(false);
    const { transitions } = transitionsOf([modified('Pod', down[2]!, T0), ...baseline(T0 + 1)]);
    assert.deepEqual(transitions, []);
  });

  it('a batch recomputes once and keeps the order of its transitions', () => {
    const start = run(baseline());
    const batched = watchReducer(start, { type: 'batch', actions: failureAndRecovery().slice(1, 4) });
    assert.deepEqual(batched.latest.map((t) => t.field), ['Ready', 'ready', 'serving', 'address']);
    assert.equal(batched.explanation?.summary.receiving, 2);
  });

  it('reports a missing Service instead of an explanation', () => {
    const state = run([{ type: 'relisted', kind: 'Service', objects: [], at: T0 }]);
    assert.equal(state.explanation, null);
    assert.equal(state.problem, 'service "web" not found in namespace "default"');
  });

  it('--until waits for every watched kind, then judges the selected pods', () => {
    const start = run(baseline());
    assert.equal(untilMet('all-ready', run(baseline().slice(0, 3))), false);
    assert.equal(untilMet('all-ready', start), true);
    const out = run(failureAndRecovery().slice(0, 3), start);
    assert.equal(untilMet('all-ready', out), false);
    assert.equal(untilMet('any-not-ready', out), true);
  });

  it('keeps the timeline bounded over a long churn', () => {
    let state = run(baseline());
    const [up, down] = [podsWith(true)[2]!, podsWith(false)[2]!];
    for (let i = 0; i < 300; i++) state = run([modified('Pod', down, T0 + i * 10), modified('Pod', up, T0 + i * 10 + 5)], state);
    assert.equal(state.timeline.length, 200);
    assert.equal(state.counts.transitions, 600);
  });

  it('records connection trouble after the first connection, and counts reconnects', () => {
    const state = run([
      { type: 'connection', kind: 'Pod', state: 'connecting', detail: '', at: T0 },
      { type: 'connection', kind: 'Pod', state: 'connected', detail: '', at: T0 + 1 },
      { type: 'connection', kind: 'Pod', state: 'reconnecting', detail: 'watch stream ended', at: T0 + 2 },
      { type: 'connection', kind: 'Pod', state: 'connected', detail: '', at: T0 + 3 },
    ]);
    assert.equal(state.counts.reconnects, 1);
    assert.deepEqual(state.timeline.map((e) => e.type === 'connection' && e.state), ['reconnecting', 'connected']);
  });
});

/**
 * watch/rollout.ts and rolloutSummary.ts, one row per situation: which pods the watch follows out
 * (only a deletion it saw happen), and what the summary says of the window against their preStop
 * sleep. Pod c of the three-pod fixture is deleted at T0+10s (deletionTimestamp T0+40s, grace 30 s)
 * and the slice marks it terminating at T0+11s.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleHandler, Pod } from '../../src/kubernetes/objects.ts';
import { watchSummary } from '../../src/watch/summary.ts';
import type { WatchAction } from '../../src/watch/types.ts';
import { baseline, deleted, modified, podsWith, run, sliceOf, T0 } from './fixtures.ts';

function withHook(pods: Pod[], hook: LifecycleHandler | null): Pod[] {
  return pods.map((p) => {
    const copy = structuredClone(p);
    if (hook) copy.spec!.containers![0]!.lifecycle = { preStop: hook };
    if (p.metadata.deletionTimestamp) copy.metadata = { ...copy.metadata, deletionTimestamp: '2024-07-03T07:59:40Z', deletionGracePeriodSeconds: 30 };
    return copy;
  });
}

/** c deleted at T0+10s, its endpoint terminating at T0+11s, gone at T0+16s, out of the slice at T0+17s. */
function deletion(hook: LifecycleHandler | null, sliceFollows = true): WatchAction[] {
  const before = withHook(podsWith(true), hook);
  const going = withHook(podsWith(true, { cDeleting: true }), hook);
  return [
    ...baseline(T0, before),
    modified('Pod', going[2]!, T0 + 10_000),
    ...(sliceFollows ? [modified('EndpointSlice', sliceOf(going), T0 + 11_000)] : []),
    deleted('Pod', going[2]!, T0 + 16_000),
    ...(sliceFollows ? [modified('EndpointSlice', sliceOf(going.slice(0, 2)), T0 + 17_000)] : []),
  ];
}

const cases: { name: string; actions: WatchAction[]; want: string }[] = [
  { name: 'no pod terminated: no rollout in the summary', actions: baseline(), want: 'null' },
  { name: 'a pod already terminating when the watch listed it is not measured from the watch\'s start', actions: baseline(T0, withHook(podsWith(true, { cDeleting: true }), null)), want: 'null' },
  { name: 'sleep 15: the 1 s window is covered', actions: deletion({ sleep: { seconds: 15 } }), want: 'covers routable=1 removed=7 | 1 s' },
  { name: 'no preStop hook: SIGTERM while still routable', actions: deletion(null), want: 'none routable=1 removed=7 | 1 s' },
  { name: 'exec sleep 0.5: shorter than the window', actions: deletion({ exec: { command: ['sleep', '0.5'] } }), want: 'shorter routable=1 removed=7 | 1 s' },
  { name: 'a script: its delay cannot be read', actions: deletion({ exec: { command: ['/drain.sh'] } }), want: 'unknown routable=1 removed=7 | 1 s' },
  { name: 'no slice write after the deletion: nothing measured, and it says why', actions: deletion({ sleep: { seconds: 15 } }, false), want: 'none-measured routable=null removed=null | the slice write that marked the endpoint not ready (not observed after the delete request)' },
];

describe('the rollout summary of a watch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = watchSummary(run(c.actions), 'test').rollout;
      if (!r) return assert.equal('null', c.want);
      const t = r.terminated[0]!;
      const rec = r.recommendation.measured ? `${r.recommendation.seconds} s` : r.recommendation.why.split('; ')[0];
      // Seconds from the delete request (T0+10s): routable until the slice write at T0+11s, removed by the one at T0+17s.
      assert.equal(`${r.preStop?.verdict ?? 'none-measured'} routable=${t.routableSeconds} removed=${t.removedSeconds} | ${rec}`, c.want);
    });
  }
});

/**
 * `demo --drill rollout`: the rolling update plays deterministically on a manual clock (the demo's
 * own clock runs `speed` times faster, so every simulated time is exact): per replica, the new pod
 * gated in and the old one terminating out, and a summary that measures how long each old pod
 * stayed routable and holds it against the 5 s preStop sleep. The default demo stays the readiness drill.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import type { RolloutSummary } from '../../src/watch/rolloutSummary.ts';
import { runCli } from '../cli/capture.ts';
import { playDemo } from './play.ts';

const brief = (r: TransitionRecord) => `${r.object.replace(/rollout-demo(-7d9c5b8f4|-5c8f6d7b9|-k7d2x)?-?/, '')} ${r.field} ${String(r.from)}->${String(r.to)} ${r.sincePodTransitionSeconds ?? ''}`.trim();

describe('kubectl slices demo --drill rollout', () => {
  it('plays the rollout as NDJSON: the first replica gated in, the first old pod terminating out, then the summary', async () => {
    const { code, stdout, stderr, tookMs } = await playDemo(['--drill', 'rollout', '--speed', '400']);
    assert.equal(code, 0, stderr);
    assert.ok(tookMs >= 103 && tookMs <= 104, `41.3 s at 400x took ${tookMs} ms of the clock`);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const transitions = lines.slice(0, -1) as unknown as TransitionRecord[];
    const of = (pod: string) => transitions.filter((t) => t.pod === `rollout-demo-${pod}`).map(brief);
    assert.deepEqual(of('5c8f6d7b9-x4k2p'), [
      'pod/x4k2p exists false->true',
      'pod/x4k2p gate null->False',
      // An endpoint appearing does not go the way of a gate turning False, so main's pairing
      // (watch/evidence.ts directionOf: only a pod transition the same way) measures it from nothing: null.
      'endpointslice/ exists false->true',
      'endpoints/ address absent->notReadyAddresses 0.34',
      'pod/x4k2p ContainersReady False->True',
      'pod/x4k2p gate False->True',
      'pod/x4k2p Ready False->True',
      'endpointslice/ ready false->true 1.01',
      'endpointslice/ serving false->true 1.01',
      'endpoints/ address notReadyAddresses->addresses 1.14',
    ]);
    assert.deepEqual(of('7d9c5b8f4-qftwz'), [
      'pod/qftwz terminating false->true',
      'endpointslice/ ready true->false 1.01',
      'endpointslice/ terminating false->true 1.01',
      'endpoints/ address addresses->absent 1.14',
      'pod/qftwz ContainersReady True->False',
      'pod/qftwz Ready True->False',
      'pod/qftwz exists true->false',
      'endpointslice/ serving true->false 0.51',
      'endpointslice/ exists true->false 1.01',
    ]);
    const { summary } = lines.at(-1) as { summary: { rollout: RolloutSummary; pods: number; receiving: number } };
    // Deleted at 07:59:11.500 (deletionTimestamp 07:59:41, to the second): the delete request reads
    // 07:59:11, and the slice marked the endpoint not ready at 07:59:12.510.
    assert.deepEqual(summary.rollout.terminated.map((t) => [t.pod.slice(-5), t.routableSeconds, t.removedSeconds, t.preStopSeconds]), [['qftwz', 1.51, 7.31, 5], ['mbcjg', 1.51, 7.31, 5], ['jl97z', 1.51, 7.31, 5]]);
    assert.equal(summary.rollout.preStop?.verdict, 'covers');
    assert.deepEqual(summary.rollout.recommendation.measured ? summary.rollout.recommendation.seconds : null, 2);
    assert.deepEqual([summary.pods, summary.receiving], [3, 3]);
  });

  it('the default drill is still the readiness drill; an unknown drill is a usage error', async () => {
    const readiness = await playDemo(['--speed', '1000']);
    assert.match(readiness.stdout, /"service":"default\/readiness-demo"/);
    assert.match(readiness.stdout, /"rollout":null/);
    const bad = await runCli(['demo', '--drill', 'chaos']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /option '--drill <name>' argument 'chaos' is invalid\. Allowed choices are readiness, rollout\./);
  });
});

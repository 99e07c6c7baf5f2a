import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import { demoDrill } from '../../src/watch/demo/drill.ts';
import { runCli } from '../cli/capture.ts';
import { playDemo } from './play.ts';

const brief = (r: TransitionRecord) => `${r.object.replace(/readiness-demo-(6b9f7c5d4-)?/, '')} ${r.field} ${String(r.from)}->${String(r.to)} ${r.sincePodTransitionSeconds ?? ''}`.trim();
describe('kubectl slices demo', () => {
  it('plays the whole drill at high speed as NDJSON: a failure and a recovery, with latencies', async () => {
    const { code, stdout, stderr, tookMs } = await playDemo(['--speed', '300']);
    assert.equal(code, 0, stderr);
    // 30 s / 300 = 100 ms of the clock (the command returns within the turn the drill ends in, or the next).
    assert.ok(tookMs >= 100 && tookMs <= 101, `the 30 s drill at 300x took ${tookMs} ms of the clock`);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const transitions = lines.slice(0, -1) as unknown as TransitionRecord[];
    assert.deepEqual(transitions.map(brief), [
      'pod/jl97z Ready True->False',
      'endpointslice/wscv5 ready true->false 1.01',
      'endpointslice/wscv5 serving true->false 1.01',
      'endpoints/readiness-demo address addresses->notReadyAddresses 1.14',
      'pod/jl97z Ready False->True',
      'endpointslice/wscv5 ready false->true 1.01',
      'endpointslice/wscv5 serving false->true 1.01',
      'endpoints/readiness-demo address notReadyAddresses->addresses 1.2',
    ]);
    assert.match(transitions[0]?.reason ?? '', /readiness probe "cat \/tmp\/healthy" failing/);
    assert.ok(transitions.every((t) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(t.time)));
    assert.deepEqual([(lines.at(-1) as { kind?: string }).kind, (lines[0] as { kind?: string }).kind], ['WatchSummary', 'Transition']);
    const { summary } = lines.at(-1) as { summary: { ended: string; durationSeconds: number; latencySeconds: Record<string, unknown>; pods: number; receiving: number } };
    assert.equal(summary.ended, 'drill finished');
    assert.equal(summary.durationSeconds, 30, 'simulated time: 30 s of drill');
    assert.deepEqual(summary.latencySeconds.endpointslice, { count: 2, min: 1.01, median: 1.01, max: 1.01 });
    assert.deepEqual(summary.latencySeconds.endpoints, { count: 2, min: 1.14, median: 1.17, max: 1.2 });
    assert.deepEqual([summary.pods, summary.receiving], [3, 3]);
  });

  it('the drill is paced like a cluster: three probe failures 3 s apart before the pod turns not Ready, ~30 s in all', () => {
    const steps = demoDrill(0);
    const failures = steps.flatMap((s) => s.actions).filter((a) => a.type === 'event' && a.kind === 'Event');
    const podDown = steps.find((s) => s.actions.some((a) => a.type === 'event' && a.kind === 'Pod'));
    assert.deepEqual(failures.slice(0, 3).map((a) => (a.type === 'event' ? a.at : 0)), [4_400, 7_400, 10_400]);
    assert.equal(podDown?.offsetMs, 10_450);
    assert.ok((steps.at(-1)?.offsetMs ?? 0) <= 30_000);
  });

  it('draws the screen on a terminal and prints the latency summary when the drill ends', async () => {
    const { code, stdout } = await playDemo(['--speed', '500', '--color', 'never'], { tty: true });
    assert.equal(code, 0);
    assert.match(stdout, /Service default\/readiness-demo {2}demo/);
    assert.match(stdout, /POD\s+VERDICT\s+READY\s+SLICE\s+ENDPOINTS\s+REASON/);
    assert.match(stdout, /Latency from a pod's transition to its endpoint change:\n {2}EndpointSlice {2}min 1\.0s {2}median 1\.0s {2}max 1\.0s {2}\(2 changes\)/);
    assert.ok(!stdout.includes('\u001b[3'), 'no colour with --color never');
  });

  it('-o json gives NDJSON even on a terminal; a bad --speed is a usage error', async () => {
    const json = await playDemo(['--speed', '1000', '-o', 'json'], { tty: true });
    assert.equal(json.code, 0);
    assert.match(json.stdout.split('\n')[0] ?? '', /^\{"apiVersion":"kubectl-slices\.github\.io\/v1alpha1","kind":"Transition","time":/);
    const bad = await runCli(['demo', '--speed', '0']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --speed must be a number above 0/);
  });
});

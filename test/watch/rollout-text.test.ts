/**
 * How the screen and its exit summary say a rollout: a gate line per readiness-gate change, and
 * the summary's rollout lines (the longest window against the preStop sleep, one row per pod, the
 * minimum sleep). The demo's rollout drill, run through the reducer on its own simulated times.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineText, timelineLines } from '../../src/render/watch/timelineText.ts';
import { summaryText } from '../../src/render/watch/summaryText.ts';
import { rolloutDrill } from '../../src/watch/demo/rolloutDrill.ts';
import { watchReducer } from '../../src/watch/reducer.ts';
import { initialWatchState } from '../../src/watch/state.ts';
import { watchSummary } from '../../src/watch/summary.ts';
import { WATCH_KINDS } from '../../src/watch/types.ts';
import { T0 } from './fixtures.ts';

const state = rolloutDrill(T0).flatMap((s) => s.actions).reduce(watchReducer, initialWatchState({ name: 'rollout-demo', namespace: 'default' }, WATCH_KINDS));
const text = (line: string) => line.replace(/^\d\d:\d\d:\d\d /, '');

describe('the rollout on the screen', () => {
  it('a new pod reads: added, its gate False, ContainersReady, its gate True, Ready', () => {
    const lines = timelineLines(state.timeline, { service: 'rollout-demo', explanation: state.explanation }).map((l) => text(lineText(l)));
    const gate = 'target-health.elbv2.k8s.aws/k8s-default-rolloutd-5f2c8e1a9b';
    const x4k2p = lines.filter((l) => l.startsWith('pod x4k2p'));
    assert.deepEqual(x4k2p, ['pod x4k2p added', `pod x4k2p gate ${gate}=False`, 'pod x4k2p ContainersReady=True', `pod x4k2p gate ${gate}=True`, 'pod x4k2p Ready=True']);
  });

  it('the exit summary says how long the old pods stayed routable, and that the 5 s preStop sleep covers it', () => {
    const lines = summaryText(watchSummary(state, 'drill finished')).split('\n');
    const rollout = lines.slice(lines.findIndex((l) => l.startsWith('Rollout:')));
    assert.deepEqual(rollout, [
      "Rollout: 3 pods terminated; the longest stayed routable 1.5s after its delete request (qftwz, until a slice showed it not ready): the preStop sleep (5 s) covers it (as far as the slices go: each node's proxy and any load balancer follow them, unmeasured).",
      '  qftwz  routable 1.5s, endpoint removed after 7.3s, preStop: sleep action 5s',
      '  mbcjg  routable 1.5s, endpoint removed after 7.3s, preStop: sleep action 5s',
      '  jl97z  routable 1.5s, endpoint removed after 7.3s, preStop: sleep action 5s',
      'Minimum preStop sleep for what was measured: 2 s.',
      '',
    ]);
  });
});

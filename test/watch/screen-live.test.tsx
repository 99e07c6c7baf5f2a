import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { WatchApp } from '../../src/render/watch/WatchApp.tsx';
import { connect } from '../../src/sources/cluster/connect.ts';
import { DEFAULT_BACKOFF } from '../../src/sources/cluster/watch/backoff.ts';
import { liveSource } from '../../src/sources/cluster/watch/liveSource.ts';
import { WatchSession } from '../../src/watch/session.ts';
import { initialWatchState } from '../../src/watch/state.ts';
import { ManualClock } from './clock.ts';
import { LIVE_KINDS } from './fixtures.ts';
import { dropAndRewatch, startCluster, waitFor, watching, type Cluster } from './live.ts';

/** Index of each pattern in the frame, in order; -1 when one is missing or out of order. */
function inOrder(frame: string, patterns: RegExp[]): boolean {
  let from = 0;
  for (const p of patterns) {
    const at = frame.slice(from).search(p);
    if (at < 0) return false;
    from += at + 1;
  }
  return true;
}

describe('watch screen against the API server: a readiness drill', () => {
  let cluster: Cluster;
  let frames: { out: string; back: string };

  before(async () => {
    cluster = await startCluster();
    const clock = new ManualClock();
    // No request timeout: on a loaded machine a list may take seconds, and a timeout is not what this test is about.
    const { client, transport, namespace } = await connect({ path: cluster.kubeconfig, env: {}, timeoutMs: 0, userAgent: 'test' });
    const session = new WatchSession(initialWatchState({ name: 'web', namespace }, LIVE_KINDS), { clock });
    const source = liveSource({ name: 'web', namespace }, { client, transport }, { stallMs: 2000, watchTimeoutSeconds: 60, backoff: DEFAULT_BACKOFF });
    const ui = render(<WatchApp session={session} color={false} columns={100} rows={40} />);
    source.start(session);
    await watching(cluster);
    const frame = () => ui.lastFrame() ?? '';
    cluster.setReady('c', false);
    await waitFor('pod line on screen', () => /pod jl97z Ready=False/.test(frame()));
    // A stream cut between the kubelet's update and the controllers'. The streams without an event
    // end at once on the watch's clock (which has not moved since they opened), so each informer
    // says it is reconnecting and backs off before it watches again.
    await dropAndRewatch(cluster, clock);
    cluster.syncSlice();
    await waitFor('slice line on screen', () => /slice wscv5 endpoint 10\.244\.0\.8 ready=false/.test(frame()));
    clock.advance(100);
    cluster.syncEndpoints();
    await waitFor('Endpoints line on screen', () => /Endpoints moved/.test(frame()));
    const out = frame();
    cluster.setReady('c', true);
    await waitFor('pod back on screen', () => /pod jl97z Ready=True/.test(frame()));
    clock.advance(300);
    cluster.syncSlice();
    await waitFor('slice back on screen', () => /ready=true serving=true/.test(frame()));
    clock.advance(200);
    cluster.syncEndpoints();
    await waitFor('recovery on screen', () => /to addresses/.test(frame()));
    frames = { out, back: frame() };
    await source.stop();
    session.end(0, 'test');
    ui.unmount();
    client.close();
  });
  after(() => cluster.close());

  it('shows the pod out of the Service, row and header, while it is out', () => {
    assert.match(frames.out, /^jl97z\s+NO TRAFFIC\s+False\s+not-ready\s+notReady/m);
    assert.match(frames.out, /2\/3 pods receive traffic/);
  });

  it('lists the transitions in order on the timeline, with latencies', () => {
    assert.ok(
      inOrder(frames.back, [
        /pod jl97z Ready=False/,
        /watch \w+ reconnecting: watch stream ended/,
        /slice wscv5 endpoint 10\.244\.0\.8 ready=false serving=false \(\+\d\.\ds\)/,
        /Endpoints moved 10\.244\.0\.8 to notReadyAddresses \(\+\d\.\ds\)/,
        /pod jl97z Ready=True/,
        /slice wscv5 endpoint 10\.244\.0\.8 ready=true serving=true \(\+0\.3s\)/,
        /Endpoints moved 10\.244\.0\.8 to addresses \(\+0\.5s\)/,
      ]),
      frames.back,
    );
    assert.match(frames.back, /^jl97z\s+receives\s+True\s+ready\s+ready/m);
  });
});

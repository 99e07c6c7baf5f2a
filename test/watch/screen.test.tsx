import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { WatchApp } from '../../src/render/watch/WatchApp.tsx';
import { clockTime } from '../../src/render/watch/clock.ts';
import { WatchSession } from '../../src/watch/session.ts';
import { initialWatchState } from '../../src/watch/state.ts';
import type { WatchAction } from '../../src/watch/types.ts';
import { ManualClock } from './clock.ts';
import { LIVE_KINDS, T0, baseline, failureAndRecovery } from './fixtures.ts';

/**
 * React renders a store change on a microtask, and ink (in ink-testing-library's debug mode)
 * writes the frame as it renders: one turn of the event loop later, the frame is there.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Renders the screen over a session, feeding it actions one flush at a time. */
async function screen(columns: number, rows = 30) {
  const session = new WatchSession(initialWatchState({ name: 'web', namespace: 'default' }, LIVE_KINDS), { clock: new ManualClock(T0) });
  const ui = render(<WatchApp session={session} color={false} columns={columns} rows={rows} />);
  const feed = async (actions: WatchAction[]) => {
    for (const a of actions) session.dispatch(a);
    session.flush();
    await nextTurn();
    return ui.lastFrame() ?? '';
  };
  return { session, ui, feed };
}

const rowOf = (frame: string, pod: string) => frame.split('\n').find((l) => l.startsWith(pod)) ?? '';
const widest = (frame: string) => Math.max(...frame.split('\n').map((l) => l.length));

describe('watch screen: a readiness failure and recovery at 80 columns', async () => {
  const { ui, feed } = await screen(80);
  const healthy = await feed(baseline());
  const [event, podDown, sliceDown, endpointsDown, podUp, sliceUp, endpointsUp] = failureAndRecovery();
  await feed([event!, podDown!]);
  const sliceOut = await feed([sliceDown!]);
  const out = await feed([endpointsDown!]);
  const back = await feed([podUp!, sliceUp!, endpointsUp!]);
  ui.unmount();

  it('starts with every pod receiving traffic', () => {
    assert.match(healthy, /Service default\/web/);
    assert.match(healthy, /3\/3 pods receive traffic/);
    assert.match(rowOf(healthy, 'jl97z'), /^jl97z\s+receives\s+True\s+ready\s+ready/);
    assert.match(healthy, /no transition yet/);
  });

  it('updates the pod row in place as the pod, its slice endpoint and Endpoints change', () => {
    assert.match(rowOf(sliceOut, 'jl97z'), /^jl97z\s+NO TRAFFIC\s+False\s+not-ready\s+ready\s+readiness probe/);
    assert.match(rowOf(out, 'jl97z'), /^jl97z\s+NO TRAFFIC\s+False\s+not-ready\s+notReady\s+readiness probe/);
    assert.match(out, /2\/3 pods receive traffic {3}slice endpoints 2\/3 ready {3}Endpoints 2\/3 ready/);
    assert.match(rowOf(back, 'jl97z'), /^jl97z\s+receives\s+True\s+ready\s+ready/);
  });

  it('adds timeline lines with timestamps and latencies', () => {
    const at = (ms: number) => clockTime(T0 + ms);
    assert.ok(out.includes(`${at(9_900)} event jl97z Unhealthy (x3): Readiness probe failed: cat: can't`), out);
    assert.ok(out.includes(`${at(10_000)} pod jl97z Ready=False (readiness probe "cat /tmp/healthy" failing`), out);
    assert.ok(out.includes(`${at(11_000)} slice wscv5 endpoint 10.244.0.8 ready=false serving=false (+1.0s)`), out);
    assert.ok(out.includes(`${at(11_150)} Endpoints moved 10.244.0.8 to notReadyAddresses (+1.1s)`), out);
    assert.ok(back.includes(`${at(20_000)} pod jl97z Ready=True`), back);
    assert.ok(back.includes(`${at(21_200)} Endpoints moved 10.244.0.8 to addresses (+1.2s)`), back);
  });

  it('never draws wider than the terminal', () => {
    for (const frame of [healthy, out, back]) assert.ok(widest(frame) <= 80, `widest line ${widest(frame)}`);
  });
});

describe('watch screen: a 50-column terminal', async () => {
  const { ui, feed } = await screen(50);
  await feed(baseline());
  const [event, podDown, sliceDown] = failureAndRecovery();
  const frame = await feed([event!, podDown!, sliceDown!]);
  ui.unmount();

  it('drops the reason column but keeps pod, verdict, ready, slice and Endpoints', () => {
    assert.match(frame, /^POD\s+VERDICT\s+READY\s+SLICE\s+ENDPOINTS$/m);
    assert.doesNotMatch(frame, /REASON/);
    assert.match(rowOf(frame, 'jl97z'), /^jl97z\s+NO TRAFFIC\s+False\s+not-ready\s+ready$/);
  });

  it('cuts timeline lines at the edge instead of wrapping them', () => {
    assert.ok(widest(frame) <= 50, `widest line ${widest(frame)}`);
    assert.match(frame, /slice wscv5 endpoint 10\.244\.0\.8 ready=fa…$/m);
  });
});

describe('watch screen: keys', async () => {
  it('space freezes the screen while the session goes on, space again resumes', async () => {
    const { session, ui, feed } = await screen(80);
    await feed(baseline());
    ui.stdin.write(' ');
    await nextTurn();
    const [event, podDown] = failureAndRecovery();
    const frozen = await feed([event!, podDown!]);
    assert.match(frozen, /FROZEN at \d\d:\d\d:\d\d \(\+1 new\)/);
    assert.match(rowOf(frozen, 'jl97z'), /^jl97z\s+receives\s+True/);
    ui.stdin.write(' ');
    await nextTurn();
    const live = ui.lastFrame() ?? '';
    assert.doesNotMatch(live, /FROZEN/);
    assert.match(rowOf(live, 'jl97z'), /^jl97z\s+receives\s+False/);
    ui.stdin.write('q');
    assert.deepEqual(await session.done, { code: 0, reason: 'quit' });
    ui.unmount();
  });
});

describe('watch screen: control bytes are not keys', async () => {
  // `script -qc 'kubectl slices demo ...' < /dev/null` hands the program a terminal whose input
  // ends at once: ink reads a NUL there as ctrl+space, which must not freeze the screen, and the
  // terminal's EOF (ctrl+d) must not end the watch either.
  for (const [name, bytes] of [['NUL (ctrl+space)', '\u0000'], ['ctrl+d', '\u0004'], ['ctrl+f', '\u0006'], ['ctrl+q', '\u0011']] as const) {
    it(`${name} neither freezes nor quits`, async () => {
      const { session, ui, feed } = await screen(80);
      await feed(baseline());
      ui.stdin.write(bytes);
      await nextTurn();
      const [event, podDown] = failureAndRecovery();
      const frame = await feed([event!, podDown!]);
      assert.doesNotMatch(frame, /FROZEN/);
      assert.match(rowOf(frame, 'jl97z'), /^jl97z\s+receives\s+False/);
      ui.stdin.write('q');
      assert.deepEqual(await session.done, { code: 0, reason: 'quit' });
      ui.unmount();
    });
  }
});

describe('watch screen: more pods than rows', async () => {
  it('fits the terminal height, listing the pods that get no traffic first', async () => {
    const { pod, endpointFor, endpointsFor, service, slice } = await import('../explain/builders.ts');
    const pods = Array.from({ length: 40 }, (_, i) => pod(`web-5d4f-p${String(i).padStart(2, '0')}`, { ip: `10.244.1.${i + 2}`, ready: i !== 33 }));
    const { ui, feed } = await screen(80, 24);
    const frame = await feed([
      { type: 'relisted', kind: 'Service', objects: [service()], at: T0 },
      { type: 'relisted', kind: 'Pod', objects: pods, at: T0 },
      { type: 'relisted', kind: 'EndpointSlice', objects: [slice('web-wscv5', pods.map((p) => endpointFor(p)))], at: T0 },
      { type: 'relisted', kind: 'Endpoints', objects: [endpointsFor(pods)], at: T0 },
      { type: 'relisted', kind: 'Event', objects: [], at: T0 },
    ]);
    ui.unmount();
    const lines = frame.split('\n');
    assert.ok(lines.length < 24, `${lines.length} lines`);
    assert.match(lines.find((l) => /^p\d\d /.test(l)) ?? '', /^p33\s+NO TRAFFIC/);
    assert.match(frame, /\.\.\. \d+ more pods \(1 do not receive traffic\)/);
  });
});

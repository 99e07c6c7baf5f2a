/** Plays `kubectl slices demo` in-process on a manual clock (demo.test.ts, demo-rollout.test.ts). */
import { runCli, type Captured, type RunOptions } from '../cli/capture.ts';
import { ManualClock } from './clock.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `demo` on a manual clock, moving it 1 ms at a time with a turn of the event loop between
 * steps (so the session applies what each step dispatched, as it does for real), until the
 * command returns. Returns what it printed and how much clock time the drill took.
 */
export async function playDemo(argv: string[], options: RunOptions = {}): Promise<Captured & { tookMs: number }> {
  const clock = new ManualClock();
  const start = clock.now();
  let finished = false;
  const running = runCli(['demo', ...argv], { ...options, clock }).finally(() => (finished = true));
  while (clock.pending === 0 && !finished) await nextTurn();
  while (!finished) {
    clock.advance(1);
    await nextTurn();
  }
  return { ...(await running), tookMs: clock.now() - start };
}


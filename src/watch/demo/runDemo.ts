/** `kubectl slices demo`: the watch screen (or NDJSON) over the simulated drill, no cluster needed. */
import type { CliIO } from '../../cli/io.ts';
import { runWatch, type WatchOutput } from '../run.ts';
import { WatchSession, type SessionEnd } from '../session.ts';
import { initialWatchState } from '../state.ts';
import { WATCH_KINDS } from '../types.ts';
import { DEMO_NAMESPACE, DEMO_SERVICE } from './objects.ts';
import { demoClock, demoSource } from './player.ts';

export interface DemoOptions extends WatchOutput {
  speed: number;
  /** Simulated start time (epoch ms); now by default. */
  start?: number;
}

export async function runDemo(io: CliIO, options: DemoOptions): Promise<SessionEnd> {
  const start = options.start ?? Date.now();
  const state = initialWatchState({ name: DEMO_SERVICE, namespace: DEMO_NAMESPACE }, WATCH_KINDS);
  const session = new WatchSession(state, { clock: demoClock(start, options.speed), tickMs: options.format === 'screen' ? 250 : 0 });
  return runWatch(session, demoSource(start, options.speed), io, { ...options, mode: options.mode ?? 'demo' });
}

/** `kubectl slices demo`: the watch screen (or NDJSON) over the simulated drill, no cluster needed. */
import { DRILLS, type DrillName } from '../../watch/demo/drills.ts';
import { demoClock, demoSource } from '../../watch/demo/player.ts';
import { WatchSession, type SessionEnd } from '../../watch/session.ts';
import { initialWatchState } from '../../watch/state.ts';
import { WATCH_KINDS } from '../../watch/types.ts';
import type { CliIO } from '../io.ts';
import { systemClock } from './clock.ts';
import type { WatchOutput } from './config.ts';
import { runWatch } from './run.ts';

export interface DemoConfig extends WatchOutput {
  /** How many times faster than life the drill plays. */
  speed: number;
  drill: DrillName;
}

export async function runDemo(config: DemoConfig, io: CliIO): Promise<SessionEnd> {
  const base = io.clock ?? systemClock();
  const start = base.now();
  const drill = DRILLS[config.drill];
  const state = initialWatchState({ name: drill.service, namespace: drill.namespace }, WATCH_KINDS);
  const session = new WatchSession(state, {
    clock: demoClock(start, config.speed, base),
    // The header refreshes every 250 ms of real time, whatever the speed (the drill's clock runs `speed` times faster).
    tickMs: config.format === 'screen' ? 250 * config.speed : 0,
  });
  return runWatch(session, demoSource(start, drill), io, { ...config, mode: config.mode ?? 'demo' });
}

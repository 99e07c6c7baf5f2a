/**
 * Plays the demo drill into a session on the session's clock, which for the demo is simulated:
 * `demoClock` runs `speed` times faster than the clock under it. Actions carry simulated times,
 * so latencies read as in a real cluster at any speed.
 */
import type { WatchClock } from '../clock.ts';
import type { WatchSession } from '../session.ts';
import type { WatchSource } from '../source.ts';
import type { DemoDrill } from './drills.ts';

export function demoSource(start: number, drill: DemoDrill): WatchSource {
  const timers: (() => void)[] = [];
  return {
    start(session: WatchSession) {
      const { clock } = session;
      for (const step of drill.steps(start)) {
        timers.push(clock.after(step.offsetMs, () => step.actions.forEach((a) => session.dispatch(a))));
      }
      timers.push(clock.after(drill.durationMs, () => session.end(0, 'drill finished')));
    },
    async stop() {
      for (const cancel of timers) cancel();
    },
  };
}

/** The drill's clock: starts at `start` and runs `speed` times faster than `base`. */
export function demoClock(start: number, speed: number, base: WatchClock): WatchClock {
  const baseStart = base.now();
  return {
    now: () => start + (base.now() - baseStart) * speed,
    elapsed: () => base.elapsed(),
    after: (ms, fn) => base.after(ms / speed, fn),
  };
}

/**
 * Plays the demo drill into a session with real timers, `speed` times faster than life. Actions
 * carry simulated times, so latencies read as in a real cluster at any speed.
 */
import type { WatchSession } from '../session.ts';
import type { WatchSource } from '../source.ts';
import { DRILL_MS, demoDrill } from './drill.ts';

export function demoSource(start: number, speed: number): WatchSource {
  const timers: NodeJS.Timeout[] = [];
  return {
    start(session: WatchSession) {
      for (const step of demoDrill(start)) {
        timers.push(setTimeout(() => step.actions.forEach((a) => session.dispatch(a)), step.offsetMs / speed));
      }
      timers.push(setTimeout(() => session.end(0, 'drill finished'), DRILL_MS / speed));
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** The drill's clock: starts at `start` and runs `speed` times faster than the real one. */
export function demoClock(start: number, speed: number, now: () => number = Date.now): () => number {
  const realStart = now();
  return () => start + (now() - realStart) * speed;
}

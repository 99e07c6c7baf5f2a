/** The system's clock and timers, for a real watch (tests inject a manual WatchClock instead). */
import type { WatchClock } from '../../watch/clock.ts';

/** setTimeout fires at once past 2^31-1 ms (about 24.8 days): a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function systemClock(): WatchClock {
  return { now: () => Date.now(), elapsed: () => performance.now(), after };
}

function after(ms: number, fn: () => void): () => void {
  if (ms <= 0) {
    const immediate = setImmediate(fn);
    return () => clearImmediate(immediate);
  }
  if (ms <= MAX_TIMER_MS) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }
  let cancel: () => void = () => clearTimeout(first);
  const first = setTimeout(() => (cancel = after(ms - MAX_TIMER_MS, fn)), MAX_TIMER_MS);
  return () => cancel();
}

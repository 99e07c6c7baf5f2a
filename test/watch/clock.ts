/**
 * A clock the test moves: `now()` stands still until `advance(ms)`, which fires the timers that
 * fall due, in time order, each at its own time. "Next turn" callbacks (`after(0)`) still run on
 * the next turn of the event loop, so the session batches as it does for real. What a test
 * asserts about times and latencies then depends only on the steps it takes, never on how busy
 * the machine is.
 */
import type { WatchClock } from '../../src/watch/clock.ts';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements WatchClock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.parse('2024-07-03T07:59:00Z')) {
    this.time = start;
  }

  now = (): number => this.time;

  /** Real time does not pass for the session's pacing: every batch is applied on the next turn. */
  elapsed = (): number => 0;

  after = (ms: number, fn: () => void): (() => void) => {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer = { at: this.time + ms, seq: this.seq++, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  };

  /** Moves time forward by `ms`, firing every timer due on the way (timers they set included). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = target;
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }
}

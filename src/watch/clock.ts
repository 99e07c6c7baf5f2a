/**
 * Time, as watch mode sees it. The core never reads a clock or starts a timer of its own: the
 * command line hands it the system's (cli/watch/clock.ts), the demo a simulated one running
 * `speed` times faster (demo/player.ts), and tests a manual one they advance step by step, so
 * what a test asserts never depends on how busy the machine is.
 */

export interface WatchClock {
  /** Epoch milliseconds: the time stamped on every action (the demo's is simulated). */
  now(): number;
  /** Monotonic milliseconds of real time, to measure how long a rebuild took. */
  elapsed(): number;
  /** Runs `fn` once after `ms` of this clock's time; 0: on the next turn of the event loop. Returns the cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** Runs `fn` every `ms` of the clock's time until the returned function is called. */
export function every(clock: WatchClock, ms: number, fn: () => void): () => void {
  let cancel = () => {};
  const arm = () => {
    cancel = clock.after(ms, () => {
      arm();
      fn();
    });
  };
  arm();
  return () => cancel();
}

/** Resolves after `ms` of the clock's time; `wake` (if given) receives a function that resolves it early. */
export function sleep(clock: WatchClock, ms: number, wake?: (now: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const cancel = clock.after(ms, resolve);
    wake?.(() => {
      cancel();
      resolve();
    });
  });
}

import type { Readable, Writable } from 'node:stream';
import type { WatchClock } from '../watch/clock.ts';

/** The streams and environment a command runs with, injected so tests can capture them. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Time for watch mode (its timestamps and timers): the system's unless a test injects a manual one. */
  clock?: WatchClock;
}

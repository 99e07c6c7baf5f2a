import type { Readable, Writable } from 'node:stream';
import type { WatchClock } from '../watch/clock.ts';
import type { Output } from './stdout.ts';

/** The streams and environment a command runs with, injected so tests can capture them. */
export interface CliIO {
  /** A terminal's is process.stdout; a file's or a pipe's may be written directly (cli/stdout.ts). */
  stdout: Output & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Time for watch mode (its timestamps and timers): the system's unless a test injects a manual one. */
  clock?: WatchClock;
}

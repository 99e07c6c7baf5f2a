import type { Readable, Writable } from 'node:stream';

/** The streams and environment a command runs with, injected so tests can capture them. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

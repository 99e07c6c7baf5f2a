/** Runs the command line in-process with captured streams, as a user's terminal would see it. */
import { Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/run.ts';
import type { WatchClock } from '../../src/watch/clock.ts';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  /** The clock of watch mode (the system's when absent). */
  clock?: WatchClock;
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const out = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        stdout += String(chunk);
        done();
      },
    }),
    { isTTY: options.tty ?? false, columns: 120 },
  );
  const err = new Writable({
    write(chunk, _enc, done) {
      stderr += String(chunk);
      done();
    },
  });
  const code = await run(argv, { stdout: out, stderr: err, stdin: Readable.from([options.stdin ?? '']), env: options.env ?? {}, clock: options.clock });
  return { code, stdout, stderr };
}

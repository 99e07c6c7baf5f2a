/**
 * The executable's stdout. Creating process.stdout loads Node's whole stream stack (node:stream and
 * 20 internal stream modules, by NODE_DEBUG_NATIVE=CODE_CACHE), which nothing else an offline
 * command runs needs: `explain -f` on the example, as the linux amd64 executable with its output
 * on /dev/null, took 6.3 ms less without it (median of the paired differences of 61 alternated
 * rounds; the exit of exit.ts saves 2 ms more; `version` 6.3 ms less with both) (issue 15).
 * Where Node itself would write synchronously, or where a program like kubectl does, the output is
 * written straight to the file descriptor instead:
 *
 * - a regular file or /dev/null: Node writes those with fs.writeSync too (libuv's uv_guess_handle
 *   calls a non-terminal character device a file, and Node gives files a SyncWriteStream);
 * - a pipe: Node queues what the pipe cannot take and writes it from its event loop; a blocking
 *   write waits for the reader instead, as kubectl's own output does. A pipe left non-blocking by
 *   whoever made it answers EAGAIN when full: the rest then goes through process.stdout, which
 *   queues it (and the exit waits for it, exit.ts).
 *
 * A terminal keeps process.stdout (commands ask it for colours and its width), and so do sockets
 * and Windows, whose console and pipes Node writes in ways of their own.
 */
import type { fstatSync, statSync, writeSync } from 'node:fs';
import type { QueuedOutput } from './exit.ts';

/** The part of a Writable the commands use (cli/io.ts). */
export interface Output {
  write(chunk: string): boolean;
}

interface Fs {
  fstatSync: typeof fstatSync;
  statSync: typeof statSync;
  writeSync: typeof writeSync;
}

export interface Stdout {
  /** What commands write to. */
  readonly stream: Output & { readonly isTTY?: boolean };
  /** The streams that may still hold bytes when the command returns. */
  queued(): QueuedOutput[];
}

/**
 * process.stdout, or a direct writer to descriptor 1 where that writes as Node or kubectl would
 * (above). `stdout` gives process.stdout, the same stream each time; `onBrokenPipe` ends the
 * process quietly.
 */
export function openStdout(fs: Fs, platform: NodeJS.Platform, stdout: () => NodeJS.WriteStream, onBrokenPipe: () => void): Stdout {
  if (platform === 'win32' || !writesDirectly(fs)) return { stream: stdout(), queued: () => [stdout()] };
  return directStdout(fs, stdout, onBrokenPipe);
}

function writesDirectly(fs: Fs): boolean {
  try {
    const fd = fs.fstatSync(1);
    if (fd.isFile() || fd.isFIFO()) return true;
    return fd.isCharacterDevice() && fd.rdev === fs.statSync('/dev/null').rdev;
  } catch {
    return false; // no descriptor 1, or no /dev/null: Node's own stdout decides
  }
}

function directStdout(fs: Fs, stdout: () => NodeJS.WriteStream, onBrokenPipe: () => void): Stdout {
  // Set once a non-blocking pipe is full: from then on everything goes through Node's queue, in order.
  let queue: NodeJS.WriteStream | undefined;
  const write = (chunk: string): boolean => {
    if (queue) return queue.write(chunk);
    const bytes = Buffer.from(chunk, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      try {
        done += fs.writeSync(1, bytes, done, bytes.length - done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          onBrokenPipe(); // the reader went away (`| head`): its choice, not an error
          return false;
        }
        if (code !== 'EAGAIN') throw err;
        queue = stdout();
        return queue.write(bytes.subarray(done));
      }
    }
    return true;
  };
  return { stream: { write, isTTY: false }, queued: () => (queue ? [queue] : []) };
}

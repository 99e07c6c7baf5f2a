/**
 * Mounts the watch screen on the terminal until the session ends. Ctrl-C is handled as a key
 * (raw mode swallows the signal), q quits; the last frame stays on screen above the summary.
 */
import type { Readable, Writable } from 'node:stream';
import { render } from 'ink';
import type { WatchSession } from '../../watch/session.ts';
import { WatchApp } from './WatchApp.tsx';

/** The terminal the screen draws on (the command's own streams, injected so tests can capture them). */
export interface ScreenStreams {
  stdout: Writable;
  stdin: Readable;
  stderr: Writable;
}

export interface ScreenOptions {
  color: boolean;
  mode?: string;
}

export async function runScreen(session: WatchSession, io: ScreenStreams, options: ScreenOptions): Promise<void> {
  const instance = render(<WatchApp session={session} color={options.color} mode={options.mode} />, {
    stdout: io.stdout as NodeJS.WriteStream,
    stdin: io.stdin as NodeJS.ReadStream,
    stderr: io.stderr as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  await session.done;
  instance.unmount();
  await instance.waitUntilExit();
}

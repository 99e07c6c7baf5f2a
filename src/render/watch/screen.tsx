/**
 * Mounts the watch screen on the terminal until the session ends. Ctrl-C is handled as a key
 * (raw mode swallows the signal), q quits; the last frame stays on screen above the summary.
 */
import { render } from 'ink';
import type { CliIO } from '../../cli/io.ts';
import type { WatchSession } from '../../watch/session.ts';
import { WatchApp } from './WatchApp.tsx';

export interface ScreenOptions {
  color: boolean;
  mode?: string;
}

export async function runScreen(session: WatchSession, io: CliIO, options: ScreenOptions): Promise<void> {
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

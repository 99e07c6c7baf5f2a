/**
 * Runs a watch to its end: feeds the session from its source and shows it, either as the ink
 * screen (a TTY) or as NDJSON (anything else, or -o json), then prints the summary. ink is
 * imported only here, lazily, so `explain` never pays for loading it.
 */
import type { Writable } from 'node:stream';
import { EXIT_INTERRUPTED } from '../../failures.ts';
import { ndjsonWriter, summaryLine } from '../../render/ndjson.ts';
import { summaryText } from '../../render/watch/summaryText.ts';
import type { SessionEnd, WatchSession } from '../../watch/session.ts';
import type { WatchSource } from '../../watch/source.ts';
import { watchSummary } from '../../watch/summary.ts';
import type { CliIO } from '../io.ts';
import type { WatchOutput } from './config.ts';

export async function runWatch(session: WatchSession, source: WatchSource, io: CliIO, output: WatchOutput): Promise<SessionEnd> {
  const stopSignals = onSignals(() => session.end(EXIT_INTERRUPTED, 'interrupted'));
  const unsubscribe = output.format === 'ndjson' ? session.subscribe(ndjsonWriter(io.stdout, io.stderr)) : () => {};
  let screen: Promise<void> = Promise.resolve();
  try {
    session.start();
    source.start(session);
    if (output.format === 'screen') {
      const { runScreen } = await import('../../render/watch/screen.tsx');
      // Screen mode is chosen for a terminal only (config.ts), whose stdout is process.stdout (cli/stdout.ts).
      screen = runScreen(session, { stdout: io.stdout as Writable, stdin: io.stdin, stderr: io.stderr }, { color: output.color, mode: output.mode });
    }
    const end = await session.done;
    await screen;
    return end;
  } finally {
    unsubscribe();
    stopSignals();
    await source.stop();
    const end = session.result;
    if (end && !('error' in end)) {
      const summary = watchSummary(session.state, end.reason);
      io.stdout.write(output.format === 'ndjson' ? summaryLine(summary) : summaryText(summary));
    }
  }
}

function onSignals(handler: () => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

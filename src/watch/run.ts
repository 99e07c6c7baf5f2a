/**
 * Runs a watch to its end: feeds the session from its source and shows it, either as the ink
 * screen (a TTY) or as NDJSON (anything else, or -o json), then prints the summary. ink is
 * imported only here, lazily, so `explain` never pays for loading it.
 */
import type { CliIO } from '../cli/io.ts';
import { summaryText } from '../render/watch/summaryText.ts';
import { summaryLine, transitionLines } from './ndjson.ts';
import { EXIT_INTERRUPTED } from '../failures.ts';
import type { SessionEnd, WatchSession } from './session.ts';
import type { WatchSource } from './source.ts';
import type { WatchState } from './state.ts';
import { watchSummary } from './summary.ts';

export interface WatchOutput {
  format: 'screen' | 'ndjson';
  color: boolean;
  /** Shown in the header ("demo"). */
  mode?: string;
}

export async function runWatch(session: WatchSession, source: WatchSource, io: CliIO, output: WatchOutput): Promise<SessionEnd> {
  const stopSignals = onSignals(() => session.end(EXIT_INTERRUPTED, 'interrupted'));
  const unsubscribe = output.format === 'ndjson' ? session.subscribe(ndjsonWriter(io)) : () => {};
  let screen: Promise<void> = Promise.resolve();
  try {
    session.start();
    source.start(session);
    if (output.format === 'screen') {
      const { runScreen } = await import('../render/watch/screen.tsx');
      screen = runScreen(session, io, { color: output.color, mode: output.mode });
    }
    const end = await session.done;
    await screen;
    return end;
  } finally {
    unsubscribe();
    stopSignals();
    await source.stop();
    const end = session.result;
    if (end && !end.error) writeSummary(session.state, end, io, output);
  }
}

function writeSummary(state: WatchState, end: SessionEnd, io: CliIO, output: WatchOutput): void {
  const summary = watchSummary(state, end.reason);
  if (output.format === 'ndjson') {
    io.stdout.write(summaryLine(summary));
    return;
  }
  io.stdout.write(summaryText(summary));
}

/** NDJSON: each new transition as it is derived; connection trouble to stderr, for the log. */
function ndjsonWriter(io: CliIO): (state: WatchState) => void {
  let previous: WatchState['connections'] = new Map();
  return (state) => {
    if (state.latest.length > 0) io.stdout.write(transitionLines(state.latest));
    for (const [kind, c] of state.connections) {
      const before = previous.get(kind);
      if (before?.state === c.state && before.detail === c.detail) continue;
      if (c.state !== 'connected' && c.state !== 'connecting') io.stderr.write(`watch: ${kind} ${c.state}${c.detail ? `: ${c.detail}` : ''}\n`);
      else if (before && before.state !== 'connecting' && c.state === 'connected') io.stderr.write(`watch: ${kind} connected again\n`);
    }
    previous = state.connections;
  };
}

function onSignals(handler: () => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

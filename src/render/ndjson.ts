/**
 * NDJSON output for logs and scripts: one object per transition, field names stable, then one
 * `{"summary": ...}` line. Times are RFC 3339 (UTC, milliseconds). Each line says what it is, as
 * every document does (src/schema.ts): apiVersion, then kind Transition or WatchSummary.
 */
import type { WatchState } from '../watch/state.ts';
import type { WatchSummary } from '../watch/summary.ts';
import type { Transition } from '../watch/types.ts';
import { API_VERSION, KIND } from '../schema.ts';
import { printable } from './printable.ts';

export interface TransitionRecord {
  apiVersion: typeof API_VERSION;
  kind: typeof KIND.transition;
  time: string;
  object: string;
  pod: string | null;
  address?: string;
  field: Transition['field'];
  from: Transition['from'];
  to: Transition['to'];
  sincePodTransitionSeconds?: number | null;
  /** Rule changes of a node: seconds since the address's EndpointSlice change. */
  sinceSliceChangeSeconds?: number | null;
  reason?: string;
  /** For a `gate` change: the readiness gate's condition type. */
  gate?: string;
  viaRelist?: true;
  replayed?: true;
}

export function transitionRecord(t: Transition): TransitionRecord {
  const record: TransitionRecord = { apiVersion: API_VERSION, kind: KIND.transition, time: new Date(t.at).toISOString(), object: t.object, pod: t.pod, field: t.field, from: t.from, to: t.to };
  if (t.address !== null) record.address = t.address;
  if (t.source === 'endpointslice' || t.source === 'endpoints') record.sincePodTransitionSeconds = t.sincePodTransitionSeconds ?? null;
  if (t.source === 'dataplane') record.sinceSliceChangeSeconds = t.sinceSliceChangeSeconds ?? null;
  if (t.reason) record.reason = t.reason;
  if (t.gate) record.gate = t.gate;
  if (t.viaRelist) record.viaRelist = true;
  if (t.replayed) record.replayed = true;
  return record;
}

export function transitionLines(transitions: readonly Transition[]): string {
  return transitions.map((t) => `${JSON.stringify(transitionRecord(t))}\n`).join('');
}

export function summaryLine(summary: WatchSummary): string {
  return `${JSON.stringify({ apiVersion: API_VERSION, kind: KIND.watchSummary, summary })}\n`;
}

/** Where the lines go: a stream, or the executable's direct stdout. */
export interface LineSink {
  write(chunk: string): unknown;
}

/**
 * Writes each new transition as it is derived, and connection trouble to stderr for the log
 * ("watch: Pod reconnecting: connection closed", then "watch: Pod connected again").
 */
export function ndjsonWriter(stdout: LineSink, stderr: LineSink): (state: WatchState) => void {
  let previous: WatchState['connections'] = new Map();
  return (state) => {
    if (state.latest.length > 0) stdout.write(transitionLines(state.latest));
    for (const [kind, c] of state.connections) {
      const before = previous.get(kind);
      if (before?.state === c.state && before.detail === c.detail) continue;
      // The detail quotes the server's words (a Status reason, an error message): never its control bytes on a terminal.
      if (c.state !== 'connected' && c.state !== 'connecting') stderr.write(`watch: ${kind} ${c.state}${c.detail ? `: ${printable(c.detail)}` : ''}\n`);
      else if (before && before.state !== 'connecting' && c.state === 'connected') stderr.write(`watch: ${kind} connected again\n`);
    }
    previous = state.connections;
  };
}

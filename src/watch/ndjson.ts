/**
 * NDJSON output for logs and scripts: one object per transition, field names stable, then one
 * `{"summary": ...}` line. Times are RFC 3339 (UTC, milliseconds).
 */
import type { WatchSummary } from './summary.ts';
import type { Transition } from './types.ts';

export interface TransitionRecord {
  time: string;
  object: string;
  pod: string | null;
  address?: string;
  field: Transition['field'];
  from: Transition['from'];
  to: Transition['to'];
  sincePodTransitionSeconds?: number | null;
  reason?: string;
  viaRelist?: true;
}

export function transitionRecord(t: Transition): TransitionRecord {
  const record: TransitionRecord = { time: new Date(t.at).toISOString(), object: t.object, pod: t.pod, field: t.field, from: t.from, to: t.to };
  if (t.address !== null) record.address = t.address;
  if (t.source !== 'pod') record.sincePodTransitionSeconds = t.sincePodTransitionSeconds ?? null;
  if (t.reason) record.reason = t.reason;
  if (t.viaRelist) record.viaRelist = true;
  return record;
}

export function transitionLines(transitions: readonly Transition[]): string {
  return transitions.map((t) => `${JSON.stringify(transitionRecord(t))}\n`).join('');
}

export function summaryLine(summary: WatchSummary): string {
  return `${JSON.stringify({ summary })}\n`;
}

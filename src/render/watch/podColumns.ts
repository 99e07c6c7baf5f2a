/**
 * The pod table's columns for a given width. Pod and verdict always show; when the terminal is
 * too narrow the reason goes first, then the Endpoints, Ready and slice columns, in that order.
 */
import type { EndpointReport, PodReport, Verdict } from '../../explain/types.ts';
import type { Tone } from './tones.ts';
import { verdictTone } from './tones.ts';

export type ColumnKey = 'pod' | 'verdict' | 'ready' | 'slice' | 'endpoints' | 'reason';

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
}

export interface Cell {
  text: string;
  tone: Tone;
}

export const COLUMN_GAP = 2;
const MIN_REASON = 16;
const TITLES: Record<ColumnKey, string> = { pod: 'POD', verdict: 'VERDICT', ready: 'READY', slice: 'SLICE', endpoints: 'ENDPOINTS', reason: 'REASON' };
/** Dropped first to last when the width runs out. */
const DROP_ORDER: ColumnKey[] = ['reason', 'endpoints', 'ready', 'slice'];
/** The words of `explain`'s table. */
const VERDICT_LABEL: Record<Verdict, string> = { receives: 'receives', fallback: 'fallback', partial: 'partial', none: 'NO TRAFFIC', stale: 'STALE RULE', unknown: 'unknown' };

export function podCells(pod: PodReport): Record<ColumnKey, Cell> {
  const reason = pod.reasons[0]?.message;
  return {
    pod: { text: pod.shortName, tone: 'strong' },
    verdict: { text: VERDICT_LABEL[pod.verdict], tone: verdictTone(pod.verdict) },
    ready: { text: pod.ready ?? '-', tone: pod.ready === 'True' ? 'ok' : 'bad' },
    slice: sliceCell(pod.endpointSlices),
    endpoints: { text: pod.endpoints, tone: pod.endpoints === 'ready' ? 'ok' : pod.endpoints === 'unknown' ? 'muted' : 'bad' },
    reason: { text: reason ?? '', tone: 'muted' },
  };
}

/** The slice conditions in the words of `explain`'s table. */
function sliceCell(endpoints: EndpointReport[]): Cell {
  if (endpoints.length === 0) return { text: 'absent', tone: 'bad' };
  const words = [...new Set(endpoints.map(conditionWords))];
  const tone: Tone = endpoints.every((e) => e.ready && !e.terminating) ? 'ok' : endpoints.some((e) => e.serving) ? 'warn' : 'bad';
  return { text: words.join(','), tone };
}

function conditionWords(e: EndpointReport): string {
  if (e.ready) return e.terminating ? 'ready,terminating' : 'ready';
  if (e.serving) return e.terminating ? 'serving,terminating' : 'serving';
  return e.terminating ? 'terminating' : 'not-ready';
}

export function podColumns(width: number, rows: readonly Record<ColumnKey, Cell>[]): Column[] {
  const natural = (key: ColumnKey) => Math.max(TITLES[key].length, ...rows.map((r) => r[key].text.length));
  const keys: ColumnKey[] = ['pod', 'verdict', 'ready', 'slice', 'endpoints', 'reason'];
  const fixedWidth = (ks: ColumnKey[]) => ks.filter((k) => k !== 'reason').reduce((sum, k) => sum + Math.min(natural(k), k === 'pod' ? 24 : 20), 0) + COLUMN_GAP * (ks.length - 1);
  let shown = keys;
  for (const drop of DROP_ORDER) {
    const room = width - fixedWidth(shown);
    if (drop === 'reason' ? room >= MIN_REASON : room >= 0) break;
    shown = shown.filter((k) => k !== drop);
  }
  const used = fixedWidth(shown);
  return shown.map((key) => ({
    key,
    title: TITLES[key],
    width: key === 'reason' ? Math.max(0, width - used) : Math.min(natural(key), key === 'pod' ? 24 : 20),
  }));
}

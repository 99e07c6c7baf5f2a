/**
 * The pod table's columns for a given width. Pod and verdict always show; when the terminal is
 * too narrow the reason goes first, then the Endpoints, Ready and slice columns, in that order.
 */
import type { PodReport } from '../../explain/types.ts';
import { sliceConditions, sliceTone, VERDICT_LABEL, VERDICT_TONE, type Tone } from '../vocabulary.ts';

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

export function podCells(pod: PodReport): Record<ColumnKey, Cell> {
  const reason = pod.reasons[0]?.message;
  return {
    pod: { text: pod.shortName, tone: 'strong' },
    verdict: { text: VERDICT_LABEL[pod.verdict], tone: VERDICT_TONE[pod.verdict] },
    ready: { text: pod.ready ?? '-', tone: pod.ready === 'True' ? 'ok' : 'bad' },
    slice: { text: sliceConditions(pod), tone: sliceTone(pod) },
    endpoints: { text: pod.endpoints, tone: pod.endpoints === 'ready' ? 'ok' : pod.endpoints === 'unknown' ? 'muted' : 'bad' },
    reason: { text: reason ?? '', tone: 'muted' },
  };
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

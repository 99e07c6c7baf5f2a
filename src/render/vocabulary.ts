/**
 * The words and tones every renderer shares, each declared once: what a verdict is called, how
 * slice conditions are said, and which tone a verdict, a severity or a cell takes. theme.ts
 * (chalk, for tables) and watch/tones.ts (ink props, for the screen) both colour a tone through
 * TONE_STYLE, so `explain` and `watch` never disagree on a word or a colour.
 */
import type { EndpointReport, PodReport, Severity, Verdict } from '../explain/types.ts';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'strong' | 'accent' | 'plain';

/** A terminal style, by chalk's name for it. */
export type Style = 'green' | 'yellow' | 'red' | 'cyan' | 'dim' | 'bold';

export const TONE_STYLE: Record<Tone, Style | null> = { ok: 'green', warn: 'yellow', bad: 'red', muted: 'dim', strong: 'bold', accent: 'cyan', plain: null };

export const VERDICT_LABEL: Record<Verdict, string> = { receives: 'receives', fallback: 'fallback', partial: 'partial', none: 'NO TRAFFIC', stale: 'STALE RULE', unknown: 'unknown' };

/** Fallback pods get traffic, but only until they finish terminating: not a green state. */
export const VERDICT_TONE: Record<Verdict, Tone> = { receives: 'ok', fallback: 'warn', partial: 'warn', none: 'bad', stale: 'bad', unknown: 'muted' };

export const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'bad', warning: 'warn', info: 'muted' };

type Conditions = Pick<EndpointReport, 'ready' | 'serving' | 'terminating'>;

/** One endpoint's conditions in a word or two: `ready`, `serving,terminating`, `not-ready`. */
export function conditionWords(e: Conditions): string {
  if (e.ready) return e.terminating ? 'ready,terminating' : 'ready';
  if (e.serving) return e.terminating ? 'serving,terminating' : 'serving';
  return e.terminating ? 'terminating' : 'not-ready';
}

type SliceCell = Pick<PodReport, 'endpointSlices' | 'sliceMembership'>;

/**
 * A pod's slice endpoints (one per family) in one cell: their distinct conditions, `absent` when
 * the slices leave it out, `?` when the slices are unknown (never `absent` then).
 */
export function sliceConditions({ endpointSlices, sliceMembership }: SliceCell): string {
  if (sliceMembership === 'unknown') return '?';
  if (endpointSlices.length === 0) return 'absent';
  return [...new Set(endpointSlices.map(conditionWords))].join(',');
}

/** Ready and not terminating is fine; serving (terminating) is a warning; unknown is muted; anything else is bad. */
export function sliceTone({ endpointSlices: endpoints, sliceMembership }: SliceCell): Tone {
  if (sliceMembership === 'unknown') return 'muted';
  if (endpoints.length > 0 && endpoints.every((e) => e.ready && !e.terminating)) return 'ok';
  return endpoints.some((e) => e.serving) ? 'warn' : 'bad';
}

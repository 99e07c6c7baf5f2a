/** The timeline keeps the latest entries only: a bounded ring, so a long drill does not grow memory. */
import type { TimelineEntry } from './types.ts';

export const TIMELINE_LIMIT = 200;

export function appendTimeline(timeline: readonly TimelineEntry[], entries: readonly TimelineEntry[], limit = TIMELINE_LIMIT): readonly TimelineEntry[] {
  if (entries.length === 0) return timeline;
  const joined = [...timeline, ...entries];
  return joined.length > limit ? joined.slice(joined.length - limit) : joined;
}

/**
 * How close two names are, for the findings that point at a likely typo (a selector value, a
 * dump's node name): the same but for case, or at most two single-character edits apart, when
 * both are long enough for that to mean something. Only ever used to choose what to show next
 * to the evidence, never to decide a verdict.
 */

const MAX_EDITS = 2;
const MIN_LENGTH = 4;

export function nearlySpelled(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  return Math.min(x.length, y.length) >= MIN_LENGTH && editDistance(x, y, MAX_EDITS) <= MAX_EDITS;
}

/** Levenshtein distance, given up past `limit` (then limit + 1). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length] ?? limit + 1;
}

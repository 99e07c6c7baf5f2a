/**
 * The one duration grammar of every duration flag (`--request-timeout`, `--for`,
 * `--stall-timeout`): kubectl's `--request-timeout` grammar, k8s.io/client-go/tools/clientcmd
 * `ParseTimeout` (helpers.go):
 *
 *   if i, err := strconv.ParseInt(duration, 10, 64); err == nil && i >= 0 { return i * time.Second }
 *   if requestTimeout, err := time.ParseDuration(duration); err == nil { return requestTimeout }
 *   return error "Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit"
 *
 * So a bare whole number is seconds ("90", "+5"), anything else must be a Go duration ("500ms",
 * "1m30s", "1.5h", ".5s"), and "1.5" (a fraction without a unit) is refused, as kubectl refuses it.
 * No whitespace is trimmed: kubectl trims none either. Which values a flag accepts (0, negative)
 * is the flag's business, not the grammar's.
 */

/** Go's time.ParseDuration units (time/format.go `unitMap`), in nanoseconds; both micro signs. */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** One term: digits with an optional fraction (at least one digit somewhere), then a unit. */
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
/** time.Duration is an int64 of nanoseconds: ParseDuration refuses more (about 292 years). */
const MAX_NS = 2 ** 63 - 1;

/** Milliseconds, or null when `text` is not a duration kubectl would accept. */
export function parseDuration(text: string): number | null {
  // strconv.ParseInt(s, 10, 64): an optional sign, decimal digits; a negative value falls through.
  if (/^[+-]?\d+$/.test(text)) {
    const seconds = Number(text);
    if (seconds >= 0) return seconds * 1e9 <= MAX_NS ? seconds * 1000 + 0 : null;
  }
  return parseGoDuration(text);
}

/** Go's time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0" alone without a unit. */
export function parseGoDuration(text: string): number | null {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return null;
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < rest.length) {
    const match = TERM.exec(rest);
    if (!match) return null;
    total += Number(match[1]) * (UNIT_NS[match[2] ?? ''] ?? Number.NaN);
  }
  // Dividing the nanoseconds (rather than multiplying by fractions of a ms) keeps 100ns = 0.0001 ms exact.
  return Number.isFinite(total) && total <= MAX_NS ? (sign * total) / 1e6 + 0 : null;
}

/** "30s", "1.5s", "500ms": how a duration reads back in messages and summaries. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

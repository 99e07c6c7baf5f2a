/**
 * `--request-timeout`, read as kubectl reads it (k8s.io/client-go/tools/clientcmd
 * `ParseTimeout`): a bare integer is seconds, anything else is a Go duration ("500ms", "5s",
 * "1m30s", "1.5h"), and 0 means no timeout. Negative values are refused.
 */
import { UsageError } from '../../failures.ts';

/** Go's time.ParseDuration units, in milliseconds. */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Milliseconds; 0 means "no timeout". */
export function parseRequestTimeout(value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = parseGoDuration(text);
  if (ms === null || ms < 0) {
    throw new UsageError(`invalid --request-timeout "${value}": give a whole number of seconds, or a number with a unit (e.g. 500ms, 5s, 2m, 1h); 0 means no timeout`);
  }
  return ms;
}

function parseGoDuration(text: string): number | null {
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
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? sign * total : null;
}

/** "30s", "1.5s", "500ms": how a timeout reads back in messages. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

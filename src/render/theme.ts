/**
 * Semantic colours. chalk alone ignores NO_COLOR, so the caller decides whether colour is on
 * (TTY, --color, NO_COLOR) and this builds a Chalk instance with exactly that level.
 */
import { Chalk } from 'chalk';
import type { Severity, Verdict } from '../explain/types.ts';

export interface Theme {
  ok: (s: string) => string;
  warn: (s: string) => string;
  bad: (s: string) => string;
  muted: (s: string) => string;
  strong: (s: string) => string;
  verdict: (v: Verdict, s: string) => string;
  severity: (v: Severity, s: string) => string;
}

export function makeTheme(color: boolean): Theme {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const ok = (s: string) => chalk.green(s);
  const warn = (s: string) => chalk.yellow(s);
  const bad = (s: string) => chalk.red(s);
  const muted = (s: string) => chalk.dim(s);
  return {
    ok,
    warn,
    bad,
    muted,
    strong: (s) => chalk.bold(s),
    verdict: (v, s) => ({ receives: ok, fallback: warn, partial: warn, none: bad, stale: bad, unknown: muted })[v](s),
    severity: (v, s) => ({ critical: bad, warning: warn, info: muted })[v](s),
  };
}

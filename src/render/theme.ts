/**
 * Semantic colours. chalk alone ignores NO_COLOR, so the caller decides whether colour is on
 * (TTY, --color, NO_COLOR); chalk is loaded only when it is, which keeps it off the start-up path
 * of scripted (piped) runs.
 */
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

export type Style = 'green' | 'yellow' | 'red' | 'dim' | 'bold';

export function makeTheme(paint: (style: Style, s: string) => string): Theme {
  const ok = (s: string) => paint('green', s);
  const warn = (s: string) => paint('yellow', s);
  const bad = (s: string) => paint('red', s);
  const muted = (s: string) => paint('dim', s);
  return {
    ok,
    warn,
    bad,
    muted,
    strong: (s) => paint('bold', s),
    verdict: (v, s) => ({ receives: ok, fallback: warn, partial: warn, none: bad, stale: bad, unknown: muted })[v](s),
    severity: (v, s) => ({ critical: bad, warning: warn, info: muted })[v](s),
  };
}

/** No colour: every token is the text itself. */
export const PLAIN_THEME = makeTheme((_style, s) => s);

export async function loadTheme(color: boolean): Promise<Theme> {
  if (!color) return PLAIN_THEME;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return makeTheme((style, s) => chalk[style](s));
}

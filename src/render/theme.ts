/**
 * Semantic colours for the tables. chalk alone ignores NO_COLOR, so the caller decides whether
 * colour is on (TTY, --color, NO_COLOR); chalk is loaded only when it is, which keeps it off the
 * start-up path of scripted (piped) runs. Tones and their styles come from vocabulary.ts.
 */
import type { Severity, Verdict } from '../explain/types.ts';
import { SEVERITY_TONE, TONE_STYLE, VERDICT_TONE, type Style, type Tone } from './vocabulary.ts';

export interface Theme {
  ok: (s: string) => string;
  warn: (s: string) => string;
  bad: (s: string) => string;
  muted: (s: string) => string;
  strong: (s: string) => string;
  verdict: (v: Verdict, s: string) => string;
  severity: (v: Severity, s: string) => string;
}

export function makeTheme(paint: (style: Style, s: string) => string): Theme {
  const tone = (t: Tone) => (s: string) => {
    const style = TONE_STYLE[t];
    return style ? paint(style, s) : s;
  };
  return {
    ok: tone('ok'),
    warn: tone('warn'),
    bad: tone('bad'),
    muted: tone('muted'),
    strong: tone('strong'),
    verdict: (v, s) => tone(VERDICT_TONE[v])(s),
    severity: (v, s) => tone(SEVERITY_TONE[v])(s),
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

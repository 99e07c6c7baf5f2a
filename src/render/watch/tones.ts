/**
 * Semantic colour tokens for the watch screen, mapped to ink Text props in one place. With
 * colour off (NO_COLOR, --color never) no colour prop is ever set, whatever chalk detects.
 */
import type { Verdict } from '../../explain/types.ts';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'strong' | 'accent' | 'plain';

export interface ToneProps {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
}

const COLOURED: Record<Tone, ToneProps> = {
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  bad: { color: 'red' },
  muted: { dimColor: true },
  strong: { bold: true },
  accent: { color: 'cyan' },
  plain: {},
};

export function toneProps(tone: Tone, color: boolean): ToneProps {
  if (color) return COLOURED[tone];
  return tone === 'strong' ? { bold: true } : {};
}

export function verdictTone(verdict: Verdict): Tone {
  const tones: Record<Verdict, Tone> = { receives: 'ok', fallback: 'warn', partial: 'warn', none: 'bad', stale: 'bad', unknown: 'muted' };
  return tones[verdict];
}

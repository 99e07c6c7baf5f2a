/**
 * The watch screen's tones as ink Text props, from the one tone -> style map (vocabulary.ts).
 * With colour off (NO_COLOR, --color never) no colour prop is ever set, whatever chalk detects.
 */
import { TONE_STYLE, type Style, type Tone } from '../vocabulary.ts';

export interface ToneProps {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
}

const INK_PROPS: Record<Style, ToneProps> = {
  green: { color: 'green' },
  yellow: { color: 'yellow' },
  red: { color: 'red' },
  cyan: { color: 'cyan' },
  dim: { dimColor: true },
  bold: { bold: true },
};

export function toneProps(tone: Tone, color: boolean): ToneProps {
  const style = TONE_STYLE[tone];
  if (style === null) return {};
  if (color) return INK_PROPS[style];
  return tone === 'strong' ? { bold: true } : {};
}

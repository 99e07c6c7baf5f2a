/** One line of toned segments, cut at the screen's edge rather than wrapped. */
import { Text } from 'ink';
import { printable } from '../printable.ts';
import type { Segment } from './timelineText.ts';
import { toneProps } from './tones.ts';

export function Line({ segments, color }: { segments: readonly Segment[]; color: boolean }) {
  return (
    <Text wrap="truncate-end">
      {segments.map((s, i) => (
        <Text key={i} {...toneProps(s.tone, color)}>
          {printable(s.text)}
        </Text>
      ))}
    </Text>
  );
}

/** The latest timeline lines, oldest at the top, as many as fit. */
import { Box, Text } from 'ink';
import type { Explanation } from '../../explain/types.ts';
import type { TimelineEntry } from '../../watch/types.ts';
import { Line } from './Line.tsx';
import { timelineLines } from './timelineText.ts';
import { toneProps } from './tones.ts';

export interface TimelineProps {
  entries: readonly TimelineEntry[];
  service: string;
  explanation: Explanation | null;
  maxLines: number;
  color: boolean;
}

export function Timeline({ entries, service, explanation, maxLines, color }: TimelineProps) {
  const lines = timelineLines(entries, { service, explanation });
  const shown = lines.slice(Math.max(0, lines.length - maxLines));
  return (
    <Box flexDirection="column">
      <Text {...toneProps('strong', color)}>Timeline</Text>
      {shown.length === 0 && <Text {...toneProps('muted', color)}>no transition yet</Text>}
      {shown.map((line, i) => (
        <Line key={lines.length - shown.length + i} segments={line.segments} color={color} />
      ))}
    </Box>
  );
}

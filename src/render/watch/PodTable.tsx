/**
 * The pod table of `explain`, redrawn from the current explanation on every change. When there
 * are more pods than rows, the pods that do not receive traffic come first.
 */
import { Box, Text } from 'ink';
import { printableDeep } from '../printable.ts';
import type { Explanation, PodReport } from '../../explain/types.ts';
import { COLUMN_GAP, podCells, podColumns, type Column } from './podColumns.ts';
import { toneProps } from './tones.ts';

export interface PodTableProps {
  explanation: Explanation;
  width: number;
  /** Lines for pods, the "more pods" line included. */
  maxLines: number;
  color: boolean;
}

export function PodTable({ explanation, width, maxLines, color }: PodTableProps) {
  const pods = visiblePods(explanation.pods, maxLines);
  // Cluster text is made printable before the columns are measured.
  const rows = pods.map((pod) => printableDeep(podCells(pod)));
  const columns = podColumns(width, rows);
  const hidden = explanation.pods.length - pods.length;
  return (
    <Box flexDirection="column">
      <Row columns={columns} cells={Object.fromEntries(columns.map((c) => [c.key, { text: c.title, tone: 'strong' as const }]))} color={color} />
      {rows.map((cells, i) => (
        <Row key={pods[i]?.name ?? i} columns={columns} cells={cells} color={color} />
      ))}
      {hidden > 0 && <Text {...toneProps('muted', color)}>{`... ${hidden} more pods (${explanation.summary.notReceiving} do not receive traffic)`}</Text>}
    </Box>
  );
}

function Row({ columns, cells, color }: { columns: Column[]; cells: Record<string, { text: string; tone: Parameters<typeof toneProps>[0] }>; color: boolean }) {
  return (
    <Box flexDirection="row" gap={COLUMN_GAP}>
      {columns.map((c) => (
        <Box key={c.key} width={c.width} flexShrink={0}>
          <Text wrap="truncate-end" {...toneProps(cells[c.key]?.tone ?? 'plain', color)}>
            {cells[c.key]?.text ?? ''}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

function visiblePods(pods: readonly PodReport[], maxLines: number): PodReport[] {
  if (pods.length <= maxLines) return [...pods];
  const troubled = pods.filter((p) => !p.receivesTraffic || p.verdict === 'partial');
  const rest = pods.filter((p) => p.receivesTraffic && p.verdict !== 'partial');
  return [...troubled, ...rest].slice(0, Math.max(1, maxLines - 1));
}

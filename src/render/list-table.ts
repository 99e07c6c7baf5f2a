/** `kubectl slices list` as a table: the rows of explain/listing.ts, in their order. */
import type { ServiceListing, ServiceRow } from '../explain/listing.ts';
import { formatColumns, type Cell } from './columns.ts';
import type { Theme } from './theme.ts';
import { printableDeep } from './printable.ts';

export interface ListTableOptions {
  allNamespaces: boolean;
  wide: boolean;
  theme: Theme;
  noHeaders?: boolean;
}

export function renderListTable(input: ServiceListing, { allNamespaces, wide, theme, noHeaders }: ListTableOptions): string {
  const listing = printableDeep(input);
  const head = [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'TYPE', 'PODS', 'TRAFFIC', 'READY', 'SERVING', 'TERMINATING', 'NOT READY', 'WHY NOT', 'FINDING', ...(wide ? ['MESSAGE'] : [])];
  const rows = listing.services.map((row) => {
    const e = row.endpoints;
    const counts = e ? [e.ready, e.servingOnly, e.terminating, e.notReady].map(String) : ['?', '?', '?', '?'];
    const finding: Cell = row.worst
      ? { text: `${row.worst.severity}: ${row.worst.code}`, paint: (s) => theme.severity(row.worst?.severity ?? 'info', s) }
      : { text: 'ok', paint: theme.ok };
    const pods = row.pods === null ? '?' : String(row.pods);
    return [...(allNamespaces ? [row.namespace] : []), row.name, row.type, pods, trafficCell(row, theme), ...counts, causesText(row), finding, ...(wide ? [row.worst?.message ?? ''] : [])];
  });
  return formatColumns(noHeaders ? rows : [head, ...rows]);
}

/** `2/3`: pods known to receive of all; `2/3 1?` when some are unknown; `-` without pods. */
function trafficCell({ traffic }: ServiceRow, theme: Theme): Cell | string {
  if (traffic.pods === 0) return '-';
  const text = `${traffic.receiving}/${traffic.pods}${traffic.unknown > 0 ? ` ${traffic.unknown}?` : ''}`;
  if (traffic.notReceiving > 0) return { text, paint: traffic.receiving === 0 ? theme.bad : theme.warn };
  return { text, paint: traffic.unknown > 0 ? theme.muted : theme.ok };
}

/** `ReadinessProbeFailing`, `ReadinessGateFalse x2, NodeNotReady`: each lost pod's root cause. */
function causesText(row: ServiceRow): string {
  return row.causes.map((c) => (c.pods > 1 ? `${c.code} x${c.pods}` : c.code)).join(', ') || '-';
}

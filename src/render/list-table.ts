/** `kubectl slices list` as a table: the rows of explain/listing.ts, in their order. */
import type { ServiceListing } from '../explain/listing.ts';
import { formatColumns, type Cell } from './columns.ts';
import type { Theme } from './theme.ts';
import { printableDeep } from './printable.ts';

export interface ListTableOptions {
  allNamespaces: boolean;
  wide: boolean;
  theme: Theme;
}

export function renderListTable(input: ServiceListing, { allNamespaces, wide, theme }: ListTableOptions): string {
  const listing = printableDeep(input);
  const head = [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'TYPE', 'PODS', 'READY', 'SERVING', 'TERMINATING', 'NOT READY', 'FINDING', ...(wide ? ['MESSAGE'] : [])];
  const rows = listing.services.map((row) => {
    const e = row.endpoints;
    const counts = e ? [e.ready, e.servingOnly, e.terminating, e.notReady].map(String) : ['?', '?', '?', '?'];
    const finding: Cell = row.worst
      ? { text: `${row.worst.severity}: ${row.worst.code}`, paint: (s) => theme.severity(row.worst?.severity ?? 'info', s) }
      : { text: 'ok', paint: theme.ok };
    return [...(allNamespaces ? [row.namespace] : []), row.name, row.type, row.pods === null ? '?' : String(row.pods), ...counts, finding, ...(wide ? [row.worst?.message ?? ''] : [])];
  });
  return formatColumns([head, ...rows]);
}

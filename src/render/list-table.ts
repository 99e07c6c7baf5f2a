/**
 * `kubectl slices list`: one row per Service, worst first, so the one to explain is at the top.
 * The document (`-o json|yaml`) is the same rows; its field names are a public contract.
 */
import type { Finding, Severity } from '../explain/types.ts';
import { formatColumns, type Cell } from './columns.ts';
import type { Theme } from './theme.ts';
import { byText } from '../kubernetes/order.ts';

export interface EndpointCounts {
  /** conditions.ready (what kube-proxy routes to). */
  ready: number;
  /** serving but not ready: terminating pods still answering, kube-proxy's last-resort fallback. */
  servingOnly: number;
  /** terminating and no longer serving. */
  terminating: number;
  /** none of the above. */
  notReady: number;
}

export interface ServiceRow {
  namespace: string;
  name: string;
  type: string;
  /** Pods the selector matches; null when pods could not be read. */
  pods: number | null;
  /** Distinct endpoints across the Service's EndpointSlices; null when slices could not be read. */
  endpoints: EndpointCounts | null;
  /** The most serious finding, as `explain` reports it; null when there is none. */
  worst: Finding | null;
}

export interface ServiceListing {
  services: ServiceRow[];
  /** Resources that could not be read ("Pod: forbidden: ..."), so some columns are unknown. */
  unknown: string[];
}

const RANK: Record<Severity | 'ok', number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** Worst finding first (critical, warning, info, none), then namespace and name. */
export function byWorstFirst(a: ServiceRow, b: ServiceRow): number {
  return RANK[a.worst?.severity ?? 'ok'] - RANK[b.worst?.severity ?? 'ok'] || byText(a.namespace, b.namespace) || byText(a.name, b.name);
}

export interface ListTableOptions {
  allNamespaces: boolean;
  wide: boolean;
  theme: Theme;
}

export function renderListTable(listing: ServiceListing, { allNamespaces, wide, theme }: ListTableOptions): string {
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

/**
 * What each command prints, in every `-o` form (output/print.ts): its versioned document, the
 * rows of its table as the document has them, what `-o name` calls a row, and its own table.
 *
 * | command | document | a row | -o name |
 * |---|---|---|---|
 * | explain svc/NAME | ServiceExplanation | a pod | pod/NAME |
 * | explain -l, svc/a svc/b, pod/, deploy/..., ingress/, httproute/ | ServiceExplanationList (`items`; `start` from a pod or workload, `route` from a route) | a pod of any of them | pod/NAME, once each |
 * | list | ServiceListing | a Service | service/NAME |
 * | rules | NodeRules | a service port | (none: a port is no object) |
 *
 * `rules` has its own module (rulesPrintable.ts): it prints no explanation, and loading the
 * explanation renderers would slow its start on a million-line dump (issue 11's bench).
 */
import type { RouteDocument } from '../explain/route.ts';
import type { StartReport } from '../explain/start.ts';
import type { Explanation } from '../explain/types.ts';
import type { ServiceListing } from '../explain/listing.ts';
import { KIND } from '../schema.ts';
import { versioned } from './document.ts';
import { renderListTable } from './list-table.ts';
import type { Printable } from './output/print.ts';
import { routeLines } from './route.ts';
import { startLines } from './start.ts';
import { renderTable } from './table.ts';
import type { Theme } from './theme.ts';

export interface TableLook {
  theme: Theme;
  noHeaders: boolean;
}

/** How explanations print: one named Service as itself; any other start as a list, with what it started from (a pod or workload, or a route). */
export type ExplanationsShape = { type: 'single' } | { type: 'list'; start?: StartReport; route?: RouteDocument };

export function explanationsPrintable(explanations: readonly Explanation[], shape: ExplanationsShape, look: TableLook): Printable {
  const documents = explanations.map((e) => versioned(KIND.explanation, e));
  const start = shape.type === 'list' ? shape.start : undefined;
  const route = shape.type === 'list' ? shape.route : undefined;
  const list = versioned(KIND.explanationList, { metadata: {}, ...(start ? { start } : {}), ...(route ? { route } : {}), items: documents });
  return {
    document: shape.type === 'single' && documents.length === 1 ? documents[0] : list,
    rows: explanations.flatMap((e) => e.pods),
    name: (row) => `pod/${(row as { name: string }).name}`,
    // Several Services print one after another; without headers, their rows run on.
    table: (wide) => {
      const tables = explanations.map((e) => renderTable(e, { wide, ...look }));
      if (look.noHeaders) return tables.join('');
      const above = [...(start ? [startLines(start, look.theme)] : []), ...(route ? [routeLines(route, look.theme)] : [])];
      return [...above, ...tables].join('\n');
    },
  };
}

export function listingPrintable(listing: ServiceListing, allNamespaces: boolean, look: TableLook): Printable {
  return {
    document: versioned(KIND.listing, listing),
    rows: listing.services,
    name: (row) => `service/${(row as { name: string }).name}`,
    table: (wide) => (listing.services.length > 0 ? renderListTable(listing, { allNamespaces, wide, ...look }) : ''),
  };
}

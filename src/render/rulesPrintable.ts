/** What `rules` prints, in every `-o` form (printables.ts has the table of every command's). */
import type { NodeRules } from '../dataplane/types.ts';
import { rulesDocument } from '../kubeproxy/rulesDocument.ts';
import { KIND } from '../schema.ts';
import { versioned } from './document.ts';
import type { Printable } from './output/print.ts';
import { renderRulesTable } from './rules-table.ts';

export function rulesPrintable(rules: NodeRules, noHeaders: boolean): Printable {
  const document = versioned(KIND.rules, rulesDocument(rules));
  return { document, rows: document.services, table: () => renderRulesTable(rules.services, rules.dataplane, noHeaders) };
}

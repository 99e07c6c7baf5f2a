/**
 * What the readers learnt from a dump, per kube-proxy table: its chains and their recognised
 * rules, the elements of its dispatch maps, the cluster IPs, the affinity sets, and the markers
 * that say whether the table is there whole. Both the `nft list` reader and the transaction reader
 * fill it; describe.ts turns it into service ports.
 */
import type { MapElement, MapKind } from './elements.ts';
import type { RuleReading } from './rule.ts';

/** `ip` and `ip6` are kube-proxy's two tables; null holds lines no table header claims (grep). */
export type Family = 'ip' | 'ip6';

export interface ChainModel {
  /** Its `chain NAME {` block or `add chain` line was seen (not only jumps to it). */
  declared: boolean;
  /** Its `nft list` block was seen from header to closing brace, so no rule of it is missing. */
  closed: boolean;
  rules: { offset: number; rule: RuleReading }[];
}

export interface ElementModel {
  offset: number;
  element: MapElement;
}

export interface TableModel {
  family: Family | null;
  chains: Map<string, ChainModel>;
  elements: ElementModel[];
  /** The `cluster-ips` set (1.30+; the 1.29 layout has none). */
  clusterIPs: Set<string>;
  /** Affinity set name → its timeout in seconds (null when the set shows none). */
  affinity: Map<string, number | null>;
  /** `table ip kube-proxy {` ... `}` both seen (nft list). */
  listed: { opened: boolean; closed: boolean };
  /** `add table ip kube-proxy` seen (transaction form, written by every full sync). */
  declared: boolean;
  /**
   * The rules every kube-proxy table has (proxier.go setupNFTables): a base chain's `jump services`
   * and the services chain's `... vmap @service-ips`. A paste trimmed by hand can keep the table's
   * first and last lines and lose these.
   */
  entered: boolean;
  dispatch: boolean;
}

export class DumpModel {
  readonly tables = new Map<Family | null, TableModel>();
  /** Headers of tables other than kube-proxy's (`table inet filter {`): evidence for routing. */
  readonly otherTables: string[] = [];
  /** `KUBE-SERVICES` seen in another table: the node runs kube-proxy in iptables mode (iptables-nft). */
  iptablesChains = false;

  table(family: Family | null): TableModel {
    let table = this.tables.get(family);
    if (table === undefined) {
      table = {
        family,
        chains: new Map(),
        elements: [],
        clusterIPs: new Set(),
        affinity: new Map(),
        listed: { opened: false, closed: false },
        declared: false,
        entered: false,
        dispatch: false,
      };
      this.tables.set(family, table);
    }
    return table;
  }
}

export function chainOf(table: TableModel, name: string): ChainModel {
  let chain = table.chains.get(name);
  if (chain === undefined) {
    chain = { declared: false, closed: false, rules: [] };
    table.chains.set(name, chain);
  }
  return chain;
}

/** Whether the table is there whole: listed from header to closing brace, or a full-sync transaction. */
export function isWhole(table: TableModel): boolean {
  return ((table.listed.opened && table.listed.closed) || table.declared) && table.entered && table.dispatch;
}

/** Whether a rule is one of those TableModel.entered and .dispatch look for. */
export function isMarker(rule: RuleReading): boolean {
  const action = rule.action;
  return (action.kind === 'jump' && action.chain === 'services') || (action.kind === 'dispatch' && action.map === 'service-ips');
}

/** Notes the rules that show the table is kube-proxy's whole table (see TableModel.entered). */
export function noteRule(table: TableModel, rule: RuleReading): void {
  const action = rule.action;
  if (action.kind === 'jump' && action.chain === 'services') table.entered = true;
  if (action.kind === 'dispatch' && action.map === 'service-ips') table.dispatch = true;
}

/** Removes the elements of `map` whose key is `key` (a `delete element` line). */
export function deleteElements(table: TableModel, map: MapKind, match: (element: MapElement) => boolean): void {
  const kept = table.elements.filter(({ element }) => element.map !== map || !match(element));
  table.elements.length = 0;
  table.elements.push(...kept);
}

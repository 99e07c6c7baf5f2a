/**
 * The decoded rules of one dump, by table and chain, in dump order. kube-proxy only writes the
 * nat and filter tables (pkg/proxy/iptables/proxier.go syncProxyRules: one `*filter ... COMMIT
 * *nat ... COMMIT` restore input); rules of other tables are dropped.
 */
import type { Rule } from './rule.ts';
import { EXTERNAL_SERVICES, NODEPORTS, PROXY_FIREWALL, SERVICES } from './chains.ts';

export type TableName = 'nat' | 'filter';

const NO_RULES: readonly Rule[] = [];

export class RuleSet {
  readonly nat = new Map<string, Rule[]>();
  readonly filter = new Map<string, Rule[]>();

  /**
   * Adds a rule from `table` (the `*table` header it came under), or from an unknown table when a
   * grep removed the headers.
   */
  add(table: string | null, rule: Rule): void {
    const name = table ?? guessTable(rule);
    if (name !== 'nat' && name !== 'filter') return;
    // iptables-save prints a chain's rules together: most rules go where the previous one went.
    if (this.last !== null && this.last.table === name && this.last.chain === rule.chain) {
      this.last.rules.push(rule);
      return;
    }
    const chains = this[name];
    let rules = chains.get(rule.chain);
    if (rules === undefined) chains.set(rule.chain, (rules = [rule]));
    else rules.push(rule);
    this.last = { table: name, chain: rule.chain, rules };
  }

  private last: { table: TableName; chain: string; rules: Rule[] } | null = null;

  chain(table: TableName, name: string): readonly Rule[] {
    return this[table].get(name) ?? NO_RULES;
  }

  has(table: TableName, name: string): boolean {
    return this[table].has(name);
  }
}

/**
 * The table of a rule seen without a `*table` header. KUBE-SERVICES and KUBE-NODEPORTS exist in
 * both tables: the filter copies only REJECT, DROP or ACCEPT (no-endpoints and health-check
 * rules), the nat copies jump to kube-proxy chains.
 */
function guessTable(rule: Rule): TableName {
  if (rule.chain === EXTERNAL_SERVICES || rule.chain === PROXY_FIREWALL) return 'filter';
  if (rule.chain === SERVICES || rule.chain === NODEPORTS) {
    const target = rule.target;
    if (target === 'REJECT' || target === 'DROP' || target === 'ACCEPT') return 'filter';
  }
  return 'nat';
}

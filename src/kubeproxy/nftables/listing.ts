/**
 * Reads `nft list table ip kube-proxy`, `nft list ruleset` (tables of other owners are passed
 * over), or any grep of them, line by line:
 *
 *   table ip kube-proxy {                     table: family from the header
 *       chain service-ULMVA6XW-ns1/svc1/tcp/p80 {
 *           numgen random mod 1 vmap { ... }  rule of the open chain
 *       }
 *       map service-ips {
 *           type ... ; comment "..."         properties
 *           elements = { a . tcp . 80 : goto x,
 *                        b . tcp . 443 : goto y }   (may span lines)
 *       }
 *   }
 *
 * A grep without the headers leaves lines whose block is unknown: elements still read by their
 * shape (elements.ts); a rule whose chain header is gone cannot be attributed and is reported.
 */
import type { WarningLog } from '../iptables/warningLog.ts';
import { addElements, addRule, addSetTimeout, CLUSTER_IPS } from './content.ts';
import { chainOf, type DumpModel, type Family, type TableModel } from './model.ts';
import { braceDelta } from './text.ts';

type Block = { kind: 'chain' | 'set' | 'map' | 'other'; name: string };

const CHAIN_PROPERTIES = ['type ', 'policy ', 'comment "', 'devices '];

export class ListingReader {
  private table: TableModel | null = null;
  /** Brace depth inside a table that is not kube-proxy's, 0 otherwise. */
  private skipping = 0;
  private block: Block | null = null;
  private pending: { offset: number; text: string; depth: number } | null = null;

  constructor(
    private readonly model: DumpModel,
    private readonly log: WarningLog,
  ) {}

  /** Forgets where the previous line was: the next lines are a group on their own (service reads). */
  resetTo(family: Family | null | undefined): void {
    this.table = family === undefined ? null : this.model.table(family);
    this.skipping = 0;
    this.block = null;
    this.pending = null;
  }

  /** One line, trimmed, without ` # handle N`. */
  line(offset: number, trimmed: string): void {
    if (this.pending !== null) return this.continueElements(trimmed);
    if (this.skipping > 0) {
      if (!this.model.iptablesChains && trimmed.includes('KUBE-SERVICES')) this.model.iptablesChains = true;
      this.skipping += braceDelta(trimmed);
      return;
    }
    if (trimmed.startsWith('table ')) return this.openTable(offset, trimmed);
    if (trimmed === '}') return this.close();
    if (trimmed.endsWith('{') && this.openBlock(trimmed)) return;
    const block = this.block;
    if (block?.kind === 'other') return;
    if (block?.kind === 'chain') {
      if (!CHAIN_PROPERTIES.some((prefix) => trimmed.startsWith(prefix))) addRule(this.current(), block.name, offset, trimmed, this.log);
      return;
    }
    if (block !== null) return this.property(offset, block.name, trimmed);
    if (trimmed.startsWith('comment "') || trimmed.startsWith('flags ')) return; // the table's own
    this.loose(offset, trimmed);
  }

  private current(): TableModel {
    this.table ??= this.model.table(null);
    return this.table;
  }

  private openTable(offset: number, trimmed: string): void {
    const [, family, name, brace] = trimmed.split(/\s+/);
    this.block = null;
    if (brace !== '{') return this.log.warn(offset, `skipped: unrecognised table line "${trimmed.slice(0, 80)}"`);
    if (name === 'kube-proxy' && (family === 'ip' || family === 'ip6')) {
      this.table = this.model.table(family);
      this.table.listed.opened = true;
      return;
    }
    this.model.otherTables.push(`${family ?? ''} ${name ?? ''}`.trim());
    this.table = null;
    this.skipping = 1;
  }

  private close(): void {
    if (this.block !== null) {
      if (this.block.kind === 'chain') chainOf(this.current(), this.block.name).closed = true;
      this.block = null;
    } else if (this.table !== null) {
      this.table.listed.closed = true;
      this.table = null;
    }
  }

  private openBlock(trimmed: string): boolean {
    const [kind, name, brace, extra] = trimmed.split(/\s+/);
    if (brace !== '{' || extra !== undefined || name === undefined) return false;
    if (kind === 'chain' || kind === 'set' || kind === 'map') {
      this.block = { kind, name };
      if (kind === 'chain') chainOf(this.current(), name).declared = true;
      if (kind === 'set' && name === CLUSTER_IPS) this.current().clusterIPs.clear();
      if (kind === 'set') addSetTimeout(this.current(), name, null);
      return true;
    }
    if (kind === 'flowtable' || kind === 'counter' || kind === 'quota' || kind === 'limit' || kind === 'ct') {
      this.block = { kind: 'other', name };
      return true;
    }
    return false;
  }

  /** A property line of a set or map block. */
  private property(offset: number, name: string, trimmed: string): void {
    if (trimmed.startsWith('elements = {')) return this.startElements(offset, trimmed.slice(12));
    if (trimmed.startsWith('timeout ')) addSetTimeout(this.current(), name, trimmed.slice(8).trim());
  }

  private startElements(offset: number, rest: string): void {
    const depth = 1 + braceDelta(rest);
    if (depth <= 0) return addElements(this.current(), this.block?.name ?? null, offset, rest.slice(0, rest.lastIndexOf('}')), this.log);
    this.pending = { offset, text: rest, depth };
  }

  private continueElements(trimmed: string): void {
    const pending = this.pending;
    if (pending === null) return;
    pending.depth += braceDelta(trimmed);
    pending.text += ` ${trimmed}`;
    if (pending.depth > 0) return;
    this.pending = null;
    const text = pending.text.slice(0, pending.text.lastIndexOf('}'));
    addElements(this.current(), this.block?.name ?? null, pending.offset, text, this.log);
  }

  /** A line with no block around it: an element a grep kept, or a rule whose chain it dropped. */
  private loose(offset: number, trimmed: string): void {
    let text = trimmed.startsWith('elements = {') ? trimmed.slice(12) : trimmed;
    if (text.endsWith('}') && braceDelta(text) < 0) text = text.slice(0, -1);
    if (text.endsWith(',')) text = text.slice(0, -1);
    if (text.includes(' : ') && !text.includes('{')) return addElements(this.current(), null, offset, text, this.log);
    this.log.warn(offset, `skipped: "${trimmed.slice(0, 80)}" is not inside a chain, set or map of table kube-proxy (a grep left its header out)`);
  }
}

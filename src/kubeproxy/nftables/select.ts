/**
 * Reading only what concerns one service, in one pass over the dump's chunks (a second one only for
 * a service without endpoints, to tell its cluster IP from its external ones). Every object kube-proxy
 * writes for a service names it: its chains and affinity sets are `…-HASH-ns/name/proto/port…`, the
 * dispatch-map elements `goto` those chains, and no-endpoint elements carry a `"ns/name:port"`
 * comment. So a byte search for `ns/name` finds every line, plus each block whose header it is in;
 * memory follows the service, not the dump.
 */
import { Buffer } from 'node:buffer';
import type { DumpChunk, DumpPass } from '../iptables/chunks.ts';
import type { WarningLog } from '../iptables/warningLog.ts';
import { DumpModel, noteRule, type Family } from './model.ts';
import { lineText, Picker } from './picker.ts';
import { DumpReader } from './reader.ts';
import { Needle } from '../../dataplane/needle.ts';
import { readRule } from './rule.ts';
import { isKubeProxyTable, TableTracker, type Region, type TableHeader } from './tables.ts';
import { bareRule, withoutHandle } from './text.ts';
import { isTransactionLine } from './transaction.ts';

/**
 * The lines that say a table is kube-proxy's whole table (model.ts isWhole): a base chain's
 * `jump services` and the services chain's `vmap @service-ips`, and in the transaction form the
 * `add table` line.
 */
const MARKERS = [new Needle('jump services'), new Needle('vmap @service-ips')];
const TRANSACTION_MARKERS = [...MARKERS, new Needle('add table ')];

const DASH = 45;
const QUOTE = 34;
const SLASH = 47;
const COLON = 58;

/** The model of everything in `pass` that concerns `service` ("namespace/name"). */
export function readService(pass: DumpPass, service: string, log: WarningLog): DumpModel {
  const tables = new TableTracker();
  const picker = new Picker();
  const needle = new Needle(service);
  const markers = new MarkerSearch(picker);
  picker.startPass();
  for (const chunk of pass()) {
    needle.tuneAlong(chunk.bytes);
    const regions = tables.scan(chunk);
    picker.resume(chunk);
    for (const region of regions) {
      // Another owner's table (`nft list ruleset`): neither reader looks inside it.
      if (region.header !== null && !isKubeProxyTable(region.header)) continue;
      needle.forEach(chunk.bytes, region, (hit) => {
        if (isServiceName(chunk.bytes, hit, needle.bytes.length)) picker.take(chunk, hit);
      });
      markers.search(chunk, region);
    }
  }
  tables.finish();
  if (picker.needsClusterIPs()) readClusterIPs(pass, picker);
  const model = build(picker, tables, log);
  if (model.tables.size === 0 && model.otherTables.length > 0) model.iptablesChains = mentions(pass, IPTABLES_CHAIN);
  return model;
}

/** kube-proxy's iptables-mode entry chain, as iptables-nft shows it in `nft list ruleset`. */
const IPTABLES_CHAIN = Buffer.from('KUBE-SERVICES');

/** Whether `needle` is anywhere in the dump (stops at the first). */
function mentions(pass: DumpPass, needle: Buffer): boolean {
  for (const { bytes } of pass()) if (bytes.indexOf(needle) >= 0) return true;
  return false;
}

/**
 * Finds the lines that say a table is whole (see MARKERS). kube-proxy creates its base chains and
 * the services chain first, so `nft list` shows them near the top of each table: the search stops
 * for a table once both are found. The transaction form is searched all through.
 */
class MarkerSearch {
  private readonly found = new Map<TableHeader, Set<number>>();

  constructor(private readonly picker: Picker) {}

  search(chunk: DumpChunk, region: Region): void {
    if (this.picker.transactions) {
      for (const marker of TRANSACTION_MARKERS) marker.forEach(chunk.bytes, region, (hit) => this.picker.takeMarker(chunk, hit));
      return;
    }
    const header = region.header;
    if (header === null) return;
    let found = this.found.get(header);
    if (found === undefined) this.found.set(header, (found = new Set()));
    MARKERS.forEach((marker, i) => {
      if (found.has(i)) return;
      marker.forEach(chunk.bytes, region, (hit) => {
        if (this.picker.takeMarker(chunk, hit)) found.add(i);
      });
    });
  }
}

/** `ns/name` as the middle of a kube-proxy object name (`-ns/name/`) or a comment (`"ns/name:port"`). */
function isServiceName(bytes: Buffer, hit: number, length: number): boolean {
  const before = bytes[hit - 1];
  const after = bytes[hit + length];
  if (before === DASH) return after === SLASH;
  return before === QUOTE && (after === COLON || after === QUOTE);
}

/** A second pass for the `cluster-ips` set (its block, or its transaction lines). */
function readClusterIPs(pass: DumpPass, picker: Picker): void {
  const needle = new Needle('cluster-ips');
  picker.startPass();
  for (const chunk of pass()) {
    picker.resume(chunk);
    needle.forEach(chunk.bytes, null, (hit) => {
      const line = lineText(chunk.bytes, hit).trim();
      if (line === 'set cluster-ips {' || (isTransactionLine(line) && line.includes(' cluster-ips '))) picker.take(chunk, hit);
    });
  }
}

/** A transaction line names its table; an `nft list` rule line is in the table around it. */
function noteMarker(model: DumpModel, reader: DumpReader, header: TableHeader | null, marker: { offset: number; text: string }): void {
  const trimmed = marker.text.trim();
  if (isTransactionLine(trimmed)) return reader.line(marker.offset, trimmed);
  if (header === null || !isKubeProxyTable(header)) return;
  const read = readRule(bareRule(withoutHandle(trimmed)).text);
  if (read.ok) noteRule(model.table(header.family as Family), read.rule);
}

/** Feeds the taken lines, in dump order, to the readers, each group in the table it sits in. */
function build(picker: Picker, tables: TableTracker, log: WarningLog): DumpModel {
  const model = new DumpModel();
  const reader = new DumpReader(model, log);
  for (const header of tables.headers) {
    if (!isKubeProxyTable(header)) {
      model.otherTables.push(`${header.family} ${header.name}`);
      continue;
    }
    const table = model.table(header.family as Family);
    table.listed.opened = true;
    table.listed.closed ||= header.closed;
  }
  for (const marker of picker.markers) noteMarker(model, reader, tables.at(marker.offset), marker);
  const groups = [...picker.taken.values()].sort((a, b) => a.offset - b.offset);
  for (const group of groups) {
    const header = tables.at(group.offset);
    if (header !== null && !isKubeProxyTable(header)) continue;
    reader.listing.resetTo(header === null ? undefined : (header.family as Family));
    for (const { offset, text } of group.lines) reader.line(offset, text);
  }
  return model;
}

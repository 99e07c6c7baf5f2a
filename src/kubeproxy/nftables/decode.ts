/**
 * decodeNftables: what one node's kube-proxy in nftables mode does with each service port, read
 * back from `nft list table ip kube-proxy`, `nft list table ip6 kube-proxy`, `nft list ruleset`, or
 * kube-proxy's own transaction form (`add rule ip kube-proxy ...`), whole or grep-filtered. Pure:
 * the caller reads the file. Bad lines become warnings; no input text makes it throw.
 */
import { Buffer } from 'node:buffer';
import type { NodeRules, RoutingVisibility, ServicePortRules } from '../../dataplane/types.ts';
import { lineNumbersIn, memoryPass, type DumpPass } from '../iptables/chunks.ts';
import type { DecodeOptions } from '../iptables/decode.ts';
import { lineNumbersOfText, WarningLog, type LineNumbers } from '../iptables/warningLog.ts';
import { describeTable } from './describe.ts';
import { DumpModel, isWhole } from './model.ts';
import { DumpReader } from './reader.ts';
import { readService } from './select.ts';

/** The same options as the iptables decoder's: node, source and, for one service, "namespace/name". */
export type NftDecodeOptions = DecodeOptions;

export function decodeNftables(text: string, opts: NftDecodeOptions): NodeRules {
  if (opts.service !== undefined) return decodeNftablesService(memoryPass(Buffer.from(text)), { ...opts, service: opts.service });
  const log = new WarningLog();
  const model = new DumpModel();
  new DumpReader(model, log).text(text);
  return nodeRules(model, opts, log, lineNumbersOfText(text));
}

/** Decodes what concerns one service, reading the dump in passes of chunks (see select.ts). */
export function decodeNftablesService(pass: DumpPass, opts: NftDecodeOptions & { service: string }): NodeRules {
  const log = new WarningLog();
  const model = readService(pass, opts.service, log);
  return nodeRules(model, opts, log, (offsets) => lineNumbersIn(pass, offsets));
}

function nodeRules(model: DumpModel, opts: NftDecodeOptions, log: WarningLog, lines: LineNumbers): NodeRules {
  const services: ServicePortRules[] = [];
  const orphanEndpoints: NodeRules['orphanEndpoints'] = [];
  for (const table of model.tables.values()) {
    const described = describeTable(table, log);
    services.push(...described.services);
    orphanEndpoints.push(...described.orphanEndpoints);
  }
  const only = opts.service;
  const tables = [...model.tables.values()];
  return {
    node: opts.node,
    source: opts.source,
    dataplane: 'nftables',
    routing: routing(model),
    completeness: tables.length > 0 && tables.every((table) => table.family !== null && isWhole(table)) ? 'complete' : 'filtered',
    services: (only === undefined ? services : services.filter((port) => port.service === only)).sort(byServicePort),
    orphanEndpoints: (only === undefined ? orphanEndpoints : orphanEndpoints.filter((orphan) => orphan.service === only)).sort((a, b) => compare(a.chain, b.chain)),
    warnings: log.finish(lines),
  };
}

/**
 * A ruleset with tables but none of kube-proxy's does not show service routing: with iptables-nft,
 * kube-proxy's iptables mode lives in `table ip nat` (KUBE-SERVICES); anything else is unknown.
 */
function routing(model: DumpModel): RoutingVisibility {
  if (model.tables.size > 0 || model.otherTables.length === 0) return { shown: true };
  const tables = model.otherTables.slice(0, 5).join(', ');
  if (model.iptablesChains) {
    return { shown: false, mode: 'iptables', evidence: `no table ip kube-proxy; KUBE-SERVICES is in an iptables-nft table (${tables})`, command: 'iptables-save' };
  }
  return {
    shown: false,
    mode: 'unknown',
    evidence: `no table ip kube-proxy among the tables shown (${tables})`,
    command: 'kubectl -n kube-system logs ds/kube-proxy | grep Proxier',
  };
}

function byServicePort(a: ServicePortRules, b: ServicePortRules): number {
  return (
    compare(a.service ?? '', b.service ?? '') ||
    compare(a.port ?? '', b.port ?? '') ||
    compare(a.protocol, b.protocol) ||
    compare(a.family ?? '', b.family ?? '') ||
    compare(a.chains.join(), b.chains.join())
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

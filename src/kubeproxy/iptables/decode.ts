/**
 * decodeIptablesSave: what one node's kube-proxy (iptables mode) does with each service port,
 * read back from `iptables-save` output, whole or filtered. Pure: the caller reads the file.
 */
import { Buffer } from 'node:buffer';
import type { NodeRules, RoutingVisibility, ServicePortRules } from '../../dataplane/types.ts';
import { isEndpointChain } from './chains.ts';
import { lineNumbersIn, memoryPass, type DumpPass } from './chunks.ts';
import { portKey, readFilterVerdicts, type FilterVerdict } from './filterVerdicts.ts';
import { orphanEndpoints } from './orphans.ts';
import { collectPortGroups, type PortGroup } from './portGroups.ts';
import { reachableChains } from './reach.ts';
import { passRouting, textRouting } from './routing.ts';
import type { RuleSet } from './ruleSet.ts';
import { readServiceRules } from './select.ts';
import { describeGroup, describeVerdictOnly, type PortContext } from './servicePorts.ts';
import { readTables, type DumpRules } from './tables.ts';
import { declaredInPass, declaredInText, DumpEdges, undefinedChains } from './integrity.ts';
import { lineNumbersOfText, WarningLog, type LineNumbers } from './warningLog.ts';

export interface DecodeOptions {
  /** Node name, reported as is. */
  node: string;
  /** Where the dump came from, for messages. */
  source: string;
  /** "namespace/name": decode only this service, reading only the lines that can concern it. */
  service?: string;
}

/** Decodes a dump. Bad lines become warnings; this never throws on any input text. */
export function decodeIptablesSave(text: string, opts: DecodeOptions): NodeRules {
  if (opts.service !== undefined) return decodeIptablesSaveService(memoryPass(Buffer.from(text)), { ...opts, service: opts.service });
  const log = new WarningLog();
  const edges = new DumpEdges();
  edges.see(text, 0);
  const dump = readTables(text, log, edges.cutLine);
  edges.report(log, dump.natUncommitted);
  const unknown = undefinedChains(dump.rules, dump.completeness === 'complete', log, (chains) => declaredInText(text, chains));
  return describeNode(dump, unknown, opts, log, lineNumbersOfText(text), textRouting(dump.rules, text));
}

/**
 * Decodes what concerns one service, reading the dump in passes of chunks (see select.ts): for
 * dumps too big to hold, `pass` can read a file afresh each time.
 */
export function decodeIptablesSaveService(pass: DumpPass, opts: DecodeOptions & { service: string }): NodeRules {
  const log = new WarningLog();
  const edges = new DumpEdges();
  const dump = readServiceRules(pass, opts.service, log, edges);
  edges.report(log, dump.natUncommitted);
  const unknown = undefinedChains(dump.rules, dump.completeness === 'complete', log, (chains) => declaredInPass(pass, chains));
  return describeNode(dump, unknown, opts, log, (offsets) => lineNumbersIn(pass, offsets), passRouting(dump.rules, pass));
}

/** `undefinedChains`: kube-proxy chains jumped to that the dump does not define (their endpoints are unknown). */
function describeNode({ rules, completeness }: DumpRules, undefinedChains: Set<string>, opts: DecodeOptions, log: WarningLog, lines: LineNumbers, routing: RoutingVisibility): NodeRules {
  const service = opts.service;
  const context: PortContext = { rules, complete: completeness === 'complete', log, reached: reachableChains(rules), undefinedChains };
  const { services, referenced, staleOwners } = describeServicePorts(context);
  const orphans = orphanEndpoints(rules, referenced, staleOwners);
  return {
    node: opts.node,
    source: opts.source,
    dataplane: 'iptables',
    routing,
    completeness,
    services: service === undefined ? services : services.filter((port) => port.service === service),
    orphanEndpoints: service === undefined ? orphans : orphans.filter((orphan) => orphan.service === service),
    warnings: log.finish(lines),
  };
}

interface DescribedPorts {
  services: ServicePortRules[];
  /** Endpoint chains the live service chains jump to. */
  referenced: Set<string>;
  /** Endpoint chains of stale service chains, and the service those chains name. */
  staleOwners: Map<string, string>;
}

function describeServicePorts(context: PortContext): DescribedPorts {
  const groups = collectPortGroups(context.rules);
  const verdicts = readFilterVerdicts(context.rules);
  const keysWithEntries = entryKeys(groups, verdicts);
  const services: ServicePortRules[] = [];
  const referenced = new Set<string>();
  const staleOwners = new Map<string, string>();
  const described = new Set<string>();
  for (const group of groups.values()) {
    const identity = group.identity;
    if (identity === null) continue;
    if (!isLive(group, keysWithEntries.has(portKey(identity)), context)) {
      for (const chain of endpointChainsOf(group, context.rules)) staleOwners.set(chain, identity.service);
      continue;
    }
    const { port, endpointChains } = describeGroup(group, identity, verdicts.get(portKey(identity)), context);
    services.push(port);
    described.add(portKey(identity));
    for (const chain of endpointChains) referenced.add(chain);
  }
  for (const [key, verdict] of verdicts) {
    if (!described.has(key)) services.push(describeVerdictOnly(verdict, context.complete));
  }
  return { services: services.sort(byServicePort), referenced, staleOwners };
}

/** The endpoint chains a group's balancing chains jump to. */
function endpointChainsOf(group: PortGroup, rules: RuleSet): string[] {
  const chains: string[] = [];
  for (const kind of ['SVC', 'SVL', 'XLB'] as const) {
    const name = group.chains.get(kind);
    if (name === undefined) continue;
    for (const rule of rules.chain('nat', name)) if (isEndpointChain(rule.target)) chains.push(rule.target);
  }
  return chains;
}

/**
 * Whether a group is in use. In a complete dump: some chain of it is reachable. In a filtered
 * dump the jump into it may have been filtered out, so a group also counts when no visible
 * entry or filter rule says its service port is handled some other way.
 */
function isLive(group: PortGroup, keyHasEntries: boolean, context: PortContext): boolean {
  for (const chain of group.chains.values()) if (context.reached.has(chain)) return true;
  return !context.complete && !keyHasEntries;
}

/** Service ports that visible entry rules (nat jumps or filter verdicts) account for. */
function entryKeys(groups: Map<string, PortGroup>, verdicts: Map<string, FilterVerdict>): Set<string> {
  const keys = new Set<string>(verdicts.keys());
  for (const group of groups.values()) {
    if (group.identity !== null && group.entries.length > 0) keys.add(portKey(group.identity));
  }
  return keys;
}

function byServicePort(a: ServicePortRules, b: ServicePortRules): number {
  return compare(a.service ?? '', b.service ?? '') || compare(a.port ?? '', b.port ?? '') || compare(a.protocol, b.protocol) || compare(a.chains.join(), b.chains.join());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { detectDumpFormat } from '../detect.ts';

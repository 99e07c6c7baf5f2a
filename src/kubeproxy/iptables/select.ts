/**
 * Reading only the lines of a dump that can concern one service. A million-line dump then costs
 * a few byte searches, and memory stays proportional to that service, not to the dump:
 *
 * 1. Lines naming `ns/name` as a word. kube-proxy keeps the comments of KUBE-SERVICES,
 *    KUBE-NODEPORTS and filter rules even in large-cluster mode (pkg/proxy/iptables/proxier.go
 *    appendServiceCommentLocked strips only the endpoint rules' comments).
 * 2. Lines containing the hash of one of its port chains: every KUBE-SVC/SVL/XLB/EXT/FW chain of a
 *    port shares it (portProtoHash), so this also finds uncommented rules and jumps.
 * 3. The rules of the KUBE-SEP chains those chains jump to. Their names cannot be computed without
 *    the endpoints, and iptables-save sorts them before KUBE-SERVICES, hence a third pass (skipped
 *    when the first two already found every DNAT rule).
 */
import { Needle } from '../../dataplane/needle.ts';
import { ENDPOINT_PREFIX, isEndpointChain, portChainOf } from './chains.ts';
import type { DumpChunk, DumpPass } from './chunks.ts';
import { readRuleLine } from './lines.ts';
import type { Rule } from './rule.ts';
import { RuleSet } from './ruleSet.ts';
import { SectionTracker } from './sectionTracker.ts';
import type { DumpRules } from './tables.ts';
import type { DumpEdges } from './integrity.ts';
import type { WarningLog } from './warningLog.ts';
import { NEWLINE } from './chars.ts';


/**
 * The rules that can concern `service` in the dump `pass` reads, and whether its nat table is
 * whole. `edges` sees every chunk of the first pass (whether the dump is empty or cut short).
 */
export function readServiceRules(pass: DumpPass, service: string, log: WarningLog, edges: DumpEdges): DumpRules {
  const picker = new LinePicker(log);
  const sections = new SectionTracker();
  const name = new Needle(service);
  for (const chunk of pass()) {
    name.tuneAlong(chunk.bytes);
    sections.scan(chunk);
    edges.see(chunk.bytes, chunk.base);
    name.forEach(chunk.bytes, null, (hit) => {
      if (isWordAt(chunk, hit, name.length)) picker.take(chunk, hit);
    });
  }
  picker.skip(edges.cutLine);
  picker.parseNew(sections);
  // kube-proxy writes port and endpoint chains only in the nat table (syncProxyRules' natChains),
  // so in a complete dump the next passes read only its section.
  const natPass = sections.complete ? sectionsPass(pass, sections.natRanges()) : pass;
  const hashes = portHashes(picker.ruleSet());
  if (hashes.size > 0) {
    searchPass(natPass, [...hashes], picker);
    picker.parseNew(sections);
  }
  const missing = endpointChainsWithoutDnat(picker.ruleSet(), hashes);
  if (missing.size > 0) {
    takeEndpointChains(natPass, missing, picker);
    picker.parseNew(sections);
  }
  return { rules: picker.ruleSet(), completeness: sections.complete ? 'complete' : 'filtered', natUncommitted: sections.natUncommitted };
}

/** A pass over the given byte ranges only. */
function sectionsPass(pass: DumpPass, ranges: { from: number; to: number | undefined }[]): DumpPass {
  return function* () {
    for (const { from, to } of ranges) yield* pass(from, to);
  };
}

/** The lines taken so far, each decoded once, in dump order. */
class LinePicker {
  private readonly pending = new Map<number, string>();
  private readonly decoded = new Map<number, { table: string | null; rule: Rule }[]>();
  private skipped = -1;

  constructor(private readonly log: WarningLog) {}

  /** Never decodes the line that starts at `offset` (a line cut short); -1 for none. */
  skip(offset: number): void {
    this.skipped = offset;
    this.pending.delete(offset);
  }

  /** Takes the whole line around `hit`. */
  take({ bytes, base }: DumpChunk, hit: number): void {
    const start = bytes.lastIndexOf(NEWLINE, hit) + 1;
    const offset = base + start;
    if (offset === this.skipped || this.pending.has(offset) || this.decoded.has(offset)) return;
    let end = bytes.indexOf(NEWLINE, hit);
    if (end < 0) end = bytes.length;
    this.pending.set(offset, bytes.toString('utf8', start, end));
  }

  /** Decodes the lines taken since the last call; by now every table header has been seen. */
  parseNew(sections: SectionTracker): void {
    for (const [offset, text] of this.pending) {
      const found: { table: string | null; rule: Rule }[] = [];
      const sink = { add: (table: string | null, rule: Rule) => void found.push({ table, rule }) };
      readRuleLine({ text, start: 0, end: text.length, base: offset }, sections.tableAt(offset), sink, this.log);
      this.decoded.set(offset, found);
    }
    this.pending.clear();
  }

  ruleSet(): RuleSet {
    const rules = new RuleSet();
    const offsets = [...this.decoded.keys()].sort((a, b) => a - b);
    for (const offset of offsets) for (const { table, rule } of this.decoded.get(offset) ?? []) rules.add(table, rule);
    return rules;
  }
}

/** One pass taking every line that contains one of `needles`. */
function searchPass(pass: DumpPass, needles: string[], picker: LinePicker): void {
  const encoded = needles.map((needle) => new Needle(needle));
  for (const chunk of pass()) {
    for (const needle of encoded) needle.tuneAlong(chunk.bytes);
    for (const needle of encoded) needle.forEach(chunk.bytes, null, (hit) => picker.take(chunk, hit));
  }
}

const WORD_EDGES = new Set([32, 9, 34, 39, 10, 13]);

/** Whether the name at `hit` stands alone: `"ns/name"`, `ns/name:port`, not `ns/name-2`. */
function isWordAt({ bytes }: DumpChunk, hit: number, length: number): boolean {
  const before = hit === 0 ? NEWLINE : (bytes[hit - 1] ?? NEWLINE);
  const after = bytes[hit + length] ?? NEWLINE;
  return WORD_EDGES.has(before) && (after === 58 || WORD_EDGES.has(after));
}

/** Hashes of the port chains the rules found are in or jump to. */
function portHashes(rules: RuleSet): Set<string> {
  const hashes = new Set<string>();
  for (const [chain, chainRules] of rules.nat) {
    const own = portChainOf(chain);
    if (own !== null) hashes.add(own.hash);
    for (const rule of chainRules) {
      const target = rule.target === null ? null : portChainOf(rule.target);
      if (target !== null) hashes.add(target.hash);
    }
  }
  return hashes;
}

/** Endpoint chains the port chains jump to, or that name the service, with no DNAT rule found yet. */
function endpointChainsWithoutDnat(rules: RuleSet, hashes: Set<string>): Set<string> {
  const chains = new Set<string>();
  for (const [chain, chainRules] of rules.nat) {
    if (isEndpointChain(chain)) chains.add(chain);
    const own = portChainOf(chain);
    if (own === null || !hashes.has(own.hash)) continue;
    for (const rule of chainRules) if (isEndpointChain(rule.target)) chains.add(rule.target);
  }
  for (const chain of chains) {
    if (rules.chain('nat', chain).some((rule) => rule.toDestination !== null)) chains.delete(chain);
  }
  return chains;
}

/** Takes the rules of `chains`: one search per chain when few, else one pass over all KUBE-SEP rules. */
function takeEndpointChains(pass: DumpPass, chains: Set<string>, picker: LinePicker): void {
  if (chains.size === 1) return searchPass(pass, [...chains].map((chain) => `-A ${chain} `), picker);
  const needle = new Needle(`-A ${ENDPOINT_PREFIX}`);
  for (const chunk of pass()) {
    needle.forEach(chunk.bytes, null, (hit) => {
      const nameStart = hit + 3;
      let nameEnd = chunk.bytes.indexOf(32, nameStart);
      if (nameEnd < 0) nameEnd = chunk.bytes.length;
      if (chains.has(chunk.bytes.toString('latin1', nameStart, nameEnd))) picker.take(chunk, hit);
    });
  }
}

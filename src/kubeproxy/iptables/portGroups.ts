/**
 * Groups the KUBE-SVC/SVL/XLB/EXT/FW chains of one service port (they share portProtoHash, see
 * ../hash.ts) and works out which service port they belong to.
 *
 * The name comes from comments. In large-cluster mode (pkg/proxy/iptables/proxier.go
 * appendServiceCommentLocked, more than 1000 endpoints) only the endpoint rules lose their
 * comments; the KUBE-SERVICES and KUBE-NODEPORTS jumps, the masquerade rule in KUBE-SVC and the
 * KUBE-EXT/KUBE-FW rules keep them, so one commented rule names the whole group. The protocol is
 * read from `-p`, or recovered by hashing the name with each protocol.
 */
import { portProtoHash } from '../hash.ts';
import { parseServiceComment } from '../serviceComment.ts';
import type { L4Protocol } from '../../dataplane/types.ts';
import { isPortChain, NODEPORTS, PORT_CHAIN_KINDS, portChainOf, SERVICES, type PortChainKind } from './chains.ts';
import type { Rule } from './rule.ts';
import type { RuleSet } from './ruleSet.ts';

export interface PortIdentity {
  service: string;
  port: string;
  protocol: L4Protocol;
}

export interface PortGroup {
  hash: string;
  /** Chain names by kind, whether they have rules in the dump or are only jumped to. */
  chains: Map<PortChainKind, string>;
  /** nat KUBE-SERVICES and KUBE-NODEPORTS rules that jump into the group. */
  entries: Rule[];
  identity: PortIdentity | null;
}

const PROTOCOLS: readonly L4Protocol[] = ['tcp', 'udp', 'sctp'];

/** Every port group the nat rules define or jump to, keyed by hash. */
export function collectPortGroups(rules: RuleSet): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  const groupOf = (chain: string): PortGroup | null => {
    const parsed = portChainOf(chain);
    if (parsed === null) return null;
    let group = groups.get(parsed.hash);
    if (group === undefined) {
      group = { hash: parsed.hash, chains: new Map(), entries: [], identity: null };
      groups.set(parsed.hash, group);
    }
    group.chains.set(parsed.kind, chain);
    return group;
  };
  for (const [chain, chainRules] of rules.nat) {
    if (isPortChain(chain)) groupOf(chain);
    const isEntry = chain === SERVICES || chain === NODEPORTS;
    for (const rule of chainRules) {
      const target = rule.target !== null && isPortChain(rule.target) ? groupOf(rule.target) : null;
      if (target !== null && isEntry) target.entries.push(rule);
    }
  }
  for (const group of groups.values()) group.identity = identify(group, rules);
  return groups;
}

/** The service port of a group: entry comments first, then comments inside its own chains. */
function identify(group: PortGroup, rules: RuleSet): PortIdentity | null {
  const fromEntries = identifyFrom(group.entries, group.hash);
  if (fromEntries !== null) return fromEntries;
  for (const kind of PORT_CHAIN_KINDS) {
    const chain = group.chains.get(kind);
    const found = chain === undefined ? null : identifyFrom(rules.chain('nat', chain), group.hash);
    if (found !== null) return found;
  }
  return null;
}

function identifyFrom(candidates: readonly Rule[], hash: string): PortIdentity | null {
  for (const rule of candidates) {
    if (rule.comment === null) continue;
    const named = parseServiceComment(rule.comment);
    if (named === null) continue;
    const protocol = protocolOf(rule.protocol) ?? protocolFromHash(named.servicePortName, hash);
    if (protocol !== null) return { service: named.service, port: named.port, protocol };
  }
  return null;
}

function protocolOf(text: string | null): L4Protocol | null {
  return text === 'tcp' || text === 'udp' || text === 'sctp' ? text : null;
}

/** The protocol whose portProtoHash with this name is the group's hash. */
function protocolFromHash(servicePortName: string, hash: string): L4Protocol | null {
  return PROTOCOLS.find((protocol) => portProtoHash(servicePortName, protocol) === hash) ?? null;
}

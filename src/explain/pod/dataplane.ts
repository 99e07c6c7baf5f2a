/**
 * What each node's dataplane does with one pod, compared with what it should do. kube-proxy writes
 * a rule (KUBE-SEP chain, nftables endpoint chain or DNAT element, IPVS real server) only for
 * endpoints it routes to (pkg/proxy/iptables/proxier.go syncProxyRules: allLocallyReachableEndpoints;
 * the nftables and IPVS proxiers take the same CategorizeEndpoints result), so a routed pod without
 * one means the node has not synced, and a not-routed pod with one means a stale rule still sends
 * it traffic.
 *
 * Two dataplanes keep an endpoint listed that gets no new connections, and that is no rule to
 * it: IPVS at weight 0, how kube-proxy drains a removed endpoint (pkg/proxy/ipvs
 * graceful_termination.go), and Cilium's backend states other than active (pkg/loadbalancer
 * BackendState; a not-ready pod is `maintenance`, pkg/loadbalancer/reflectors/conversions.go). Such
 * a pod is `held`: absent for its traffic, listed in the dump, with the state that holds it.
 */
import { ipFamily } from '../../kubernetes/pod.ts';
import type { EndpointShare, NodeRules, ServicePortRules } from '../../dataplane/types.ts';
import { hasActive, heldBack } from '../../dataplane/words.ts';
import type { PodView, PortView } from '../../model/view.ts';
import type { DataplaneReport } from '../types.ts';
import { endpointChainNames } from './endpointChain.ts';

/**
 * What one node's rules do with the pod on one port, and whether the slices expect it: `expected`
 * is null where the slices are unknown (not captured, forbidden), since then nothing says what the
 * rules should be, and a rule can be neither stale nor missing.
 */
export type DataplaneVerdict =
  | { kind: 'present'; expected: boolean | null }
  | { kind: 'absent'; expected: boolean | null; why: 'policy' | 'hints' | 'health' | null; held?: string }
  | { kind: 'unknown' };

export interface DataplaneFact {
  report: DataplaneReport;
  verdict: DataplaneVerdict;
}

/**
 * The dump's entries for one service port, one per address family: an `nft list ruleset` (or a
 * dual-stack ipvsadm or Cilium listing) holds both families of a dual-stack Service in one dump.
 */
export function findPortRules(dump: NodeRules, service: string, port: PortView): ServicePortRules[] {
  const protocol = port.protocol.toLowerCase();
  const byFamily = new Map<string, ServicePortRules>();
  for (const rules of dump.services) {
    if (rules.service !== service || rules.port !== port.name || rules.protocol !== protocol) continue;
    const family = rulesFamily(rules) ?? '';
    if (!byFamily.has(family)) byFamily.set(family, rules);
  }
  return [...byFamily.values()];
}

/** The address family a dump speaks for this service port (iptables-save vs ip6tables-save). */
export function rulesFamily(rules: ServicePortRules | undefined): 'IPv4' | 'IPv6' | null {
  if (rules?.family !== undefined) return rules.family === 'ipv6' ? 'IPv6' : 'IPv4';
  const ip = rules?.frontends.find((f) => f.ip)?.ip ?? rules?.endpoints?.find((e) => e.ip)?.ip ?? rules?.localEndpoints?.find((e) => e.ip)?.ip;
  return ip ? ipFamily(ip) : null;
}

interface DataplaneInput {
  pod: PodView;
  port: PortView;
  service: string;
  dump: NodeRules;
  /** Whether the slices say kube-proxy's cluster chain should route this pod's address of that family. */
  routed: (family: 'IPv4' | 'IPv6') => boolean;
  /** Whether that node's Local-policy chain should hold it (see routing.ts localRouting). */
  routedLocally: (family: 'IPv4' | 'IPv6') => boolean;
  /** Whether topology hints keep it out of that node's cluster chain: true, false, or 'unknown' (the node's zone is not known). */
  hintedElsewhere: (family: 'IPv4' | 'IPv6') => boolean | 'unknown';
  internalLocal: boolean;
  /** Whether the EndpointSlices were captured: without them no rule is expected or unexpected. */
  slicesKnown: boolean;
}

/** What the dump does with the pod on this port: one fact per address family the dump shows. */
export function dataplaneFacts(input: DataplaneInput): DataplaneFact[] {
  const found = findPortRules(input.dump, input.service, input.port);
  const families = found.length === 0 ? [undefined] : found;
  return families.map((rules) => dataplaneFact(input, rules));
}

function dataplaneFact(input: DataplaneInput, rules: ServicePortRules | undefined): DataplaneFact {
  const { pod, port, service, dump } = input;
  const family = rulesFamily(rules) ?? (pod.ips[0] ? ipFamily(pod.ips[0]) : 'IPv4');
  const ips = pod.ips.filter((ip) => ipFamily(ip) === family);
  const base: DataplaneReport = { node: dump.node, dataplane: dump.dataplane, family: rules ? family : null, servicePort: port.label, rule: 'unknown', share: null, localShare: null };
  if (rules?.scheduler !== undefined) base.scheduler = rules.scheduler;
  const unknown: DataplaneFact = { report: base, verdict: { kind: 'unknown' } };
  // A node whose dump cannot show its service routing (IPVS, nftables, Cilium) says nothing of any pod.
  if (!dump.routing.shown) return unknown;
  if (!rules && dump.completeness === 'filtered') return unknown;
  if (rules && rules.endpoints === null && rules.localEndpoints === null && rules.noEndpoints === null) return unknown;
  const target = pod.targetPorts.get(port.label);
  const chains = endpointChainNames(dump, service, port, ips, target);
  // By address; an endpoint whose address is not in the dump, by the chain name its address gives.
  const match = (list: ServicePortRules['endpoints']) => list?.find((e) => (e.ip === null ? chains.has(e.chain ?? '') : ips.includes(e.ip) && (target == null || e.port === target)));
  const cluster = match(rules?.endpoints ?? null);
  const local = match(rules?.localEndpoints ?? null);
  if (cluster || local) {
    const report: DataplaneReport = { ...base, rule: 'present', share: cluster?.share ?? null, localShare: local?.share ?? null };
    const held = heldIn(rules, cluster, local);
    if (held !== null) return { report: { ...report, state: held }, verdict: heldVerdict(input, ips, family, held) };
    return { report, verdict: { kind: 'present', expected: presentExpected(input, ips, !!cluster, !!local) } };
  }
  // Not found, but the list may hide it: an endpoint whose address is not in the dump, or a
  // filtered chain whose visible jumps are not kube-proxy's whole series (shares unknown).
  // An address-less endpoint whose chain is not the pod's is someone else's (its name says so).
  const named = chains.size > 0;
  if (rules && (hidesEndpoints(rules.endpoints, dump, named) || hidesEndpoints(rules.localEndpoints, dump, named))) return unknown;
  return { report: { ...base, rule: 'absent' }, verdict: absentVerdict(input, ips, family) };
}

/**
 * What holds a listed pod back from new connections in every list that has it (a pod held in one
 * list and routed in the other is routed), or null.
 */
function heldIn(rules: ServicePortRules | undefined, cluster: EndpointShare | undefined, local: EndpointShare | undefined): string | null {
  const held = (endpoint: EndpointShare | undefined, list: EndpointShare[] | null | undefined) => (endpoint === undefined ? undefined : heldBack(endpoint, hasActive(list ?? [])));
  const states = [held(cluster, rules?.endpoints), held(local, rules?.localEndpoints)].filter((state) => state !== undefined);
  return states.length > 0 && states.every((state) => state !== null) ? (states[0] ?? null) : null;
}

/**
 * A held pod gets no new connections from the node. The slices routing it means the dataplane has
 * not caught up (IPVS weight 0 for a Ready endpoint is kubernetes#92019), except a quarantined
 * Cilium backend: Cilium's own health check holds it (pkg/loadbalancer BackendStateQuarantined).
 */
function heldVerdict(input: DataplaneInput, ips: string[], family: 'IPv4' | 'IPv6', held: string): DataplaneVerdict {
  const absent = absentVerdict(input, ips, family);
  if (absent.kind !== 'absent') return absent;
  const why = held === 'quarantined' && absent.expected === true ? 'health' : absent.why;
  return { ...absent, why, held };
}

function hidesEndpoints(list: ServicePortRules['endpoints'], dump: NodeRules, named: boolean): boolean {
  return (list ?? []).some((e) => (e.ip === null && !named) || (dump.completeness === 'filtered' && e.share === null));
}

/**
 * Each chain that holds the pod must be one that should: a serving-terminating pod in the node's
 * KUBE-SVL while ready pods exist elsewhere is the per-node Local fallback, not a stale rule.
 */
function presentExpected(input: DataplaneInput, ips: string[], inClusterRules: boolean, inLocalRules: boolean): boolean | null {
  if (!input.slicesKnown) return null;
  const family = ips[0] ? ipFamily(ips[0]) : 'IPv4';
  const inCluster = ips.length > 0 && input.routed(family);
  const inLocal = ips.length > 0 && input.routedLocally(family);
  return (!inClusterRules || inCluster) && (!inLocalRules || inLocal);
}

function absentVerdict(input: DataplaneInput, ips: string[], family: 'IPv4' | 'IPv6'): DataplaneVerdict {
  if (!input.slicesKnown) return { kind: 'absent', expected: null, why: null };
  const inCluster = ips.length > 0 && input.routed(family);
  const inLocal = ips.length > 0 && input.routedLocally(family);
  // Topology hints send this node's cluster IP traffic to other endpoints by design: not drift.
  if (inCluster && !inLocal && !input.internalLocal && input.hintedElsewhere(family) !== false) {
    return { kind: 'absent', expected: false, why: 'hints' };
  }
  const why = inCluster && !inLocal && input.internalLocal && input.pod.nodeName !== input.dump.node ? 'policy' : null;
  return { kind: 'absent', expected: inCluster || inLocal, why };
}

/**
 * Several dumps of one node combine (its `ipvsadm -Ln` and its `iptables-save`, an `iptables-save`
 * and an `ip6tables-save`, nft's `ip` and `ip6` tables): the node is known for a service port and
 * family when one of its dumps shows that routing, so a dump that cannot tell says nothing there,
 * and a second dump showing the same family adds nothing.
 */
export function combineNodeFacts(facts: readonly DataplaneFact[]): DataplaneFact[] {
  const known = new Map<string, Set<string | null>>();
  for (const { report, verdict } of facts) {
    if (verdict.kind === 'unknown') continue;
    const families = known.get(report.node) ?? new Set();
    families.add(report.family);
    known.set(report.node, families);
  }
  const seen = new Set<string>();
  return facts.filter(({ report, verdict }) => {
    const families = known.get(report.node);
    if (verdict.kind === 'unknown') return families === undefined || (report.family !== null && !families.has(report.family));
    const key = `${report.node}\u0000${report.family ?? ''}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

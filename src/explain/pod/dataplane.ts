/**
 * What each node's kube-proxy rules do with one pod, compared with what they should do.
 * kube-proxy writes a KUBE-SEP chain only for endpoints it routes to (pkg/proxy/iptables/proxier.go
 * syncProxyRules: allLocallyReachableEndpoints), so a routed pod without one means the node has not
 * synced, and a not-routed pod with one means a stale rule still sends it traffic.
 */
import { ipFamily } from '../../kubernetes/pod.ts';
import type { NodeRules, ServicePortRules } from '../../dataplane/types.ts';
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
  | { kind: 'absent'; expected: boolean | null; why: 'policy' | 'hints' | null }
  | { kind: 'unknown' };

export interface DataplaneFact {
  report: DataplaneReport;
  verdict: DataplaneVerdict;
}

export function findPortRules(dump: NodeRules, service: string, port: PortView): ServicePortRules | undefined {
  const protocol = port.protocol.toLowerCase();
  return dump.services.find((r) => r.service === service && r.port === port.name && r.protocol === protocol);
}

/** The address family a dump speaks for this service port (iptables-save vs ip6tables-save). */
export function rulesFamily(rules: ServicePortRules | undefined): 'IPv4' | 'IPv6' | null {
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

export function dataplaneFact(input: DataplaneInput): DataplaneFact {
  const { pod, port, service, dump } = input;
  const rules = findPortRules(dump, service, port);
  const family = rulesFamily(rules) ?? (pod.ips[0] ? ipFamily(pod.ips[0]) : 'IPv4');
  const ips = pod.ips.filter((ip) => ipFamily(ip) === family);
  const base: DataplaneReport = { node: dump.node, family: rules ? family : null, servicePort: port.label, rule: 'unknown', share: null, localShare: null };
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
    return { report, verdict: { kind: 'present', expected: presentExpected(input, ips, !!cluster, !!local) } };
  }
  // Not found, but the list may hide it: an endpoint whose address is not in the dump, or a
  // filtered chain whose visible jumps are not kube-proxy's whole series (shares unknown).
  // An address-less endpoint whose chain is not the pod's is someone else's (its name says so).
  const named = chains.size > 0;
  if (rules && (hidesEndpoints(rules.endpoints, dump, named) || hidesEndpoints(rules.localEndpoints, dump, named))) return unknown;
  return { report: { ...base, rule: 'absent' }, verdict: absentVerdict(input, ips, family) };
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

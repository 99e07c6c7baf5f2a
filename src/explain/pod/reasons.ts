/**
 * The last links of a pod's chain, from what each node's rules do with it, and the notes that
 * close it. Every cause is a link of the chain except the notes that say so (NoReadinessProbe):
 * true of the pod, but not why it does or does not get traffic.
 */
import type { Dataplane } from '../../dataplane/types.ts';
import { DATAPLANE_AGENT, ENDPOINT_RULE, HELD_MEANING } from '../../dataplane/words.ts';
import { isTerminal, isTerminating } from '../../kubernetes/pod.ts';
import type { PodView } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import { formatShare } from '../share.ts';
import type { Cause, Reason, Verdict } from '../types.ts';
import type { DataplaneFact } from './dataplane.ts';
import { probelessServingContainers } from './probeless.ts';

export function dataplaneCauses(pod: PodView, facts: readonly DataplaneFact[]): Cause[] {
  const missing = new NodesBy();
  const unsynced = new NodesBy();
  const hinted = new Set<string>();
  const stale = new NodesBy();
  const held = new NodesBy();
  const byPolicy = new Set<string>();
  for (const { report, verdict } of facts) {
    const { node, dataplane } = report;
    if (verdict.kind === 'absent' && verdict.held !== undefined) {
      const routedThere = verdict.expected === true && verdict.why === null ? 'drift' : verdict.why === 'health' ? 'health' : 'kept';
      held.add(`${dataplane}\u0000${verdict.held}\u0000${routedThere}`, node);
      continue;
    }
    if (verdict.kind === 'absent' && verdict.expected === true && verdict.why === null) unsynced.add(dataplane, node);
    if (verdict.kind === 'absent' && verdict.expected === false && verdict.why === 'hints') hinted.add(node);
    else if (verdict.kind === 'absent' && verdict.expected !== true && pod.ips.length > 0) missing.add(dataplane, node);
    if (verdict.kind === 'absent' && verdict.expected === true && verdict.why === 'policy') byPolicy.add(node);
    if (verdict.kind === 'present' && verdict.expected === false) stale.add(dataplane, `${node}${report.share === null ? '' : ` (${formatShare(report.share)} of new connections)`}`);
  }
  const causes: Cause[] = [];
  // Where the slices route the pod, a node without its rule has not synced: that is a root cause.
  // Where they don't, the missing rule is only the last link of the chain.
  for (const [dataplane, nodes] of unsynced.groups()) {
    causes.push({ code: 'NoDataplaneRule', message: `${noRule(dataplane as Dataplane, nodes)} although the slice routes it: ${DATAPLANE_AGENT[dataplane as Dataplane]} there has not synced` });
  }
  for (const [dataplane, nodes] of missing.groups()) causes.push({ code: 'NoDataplaneRule', message: noRule(dataplane as Dataplane, nodes) });
  for (const [key, nodes] of held.groups()) causes.push({ code: 'EndpointHeld', message: heldText(key, nodes) });
  if (hinted.size > 0) {
    const nodes = [...hinted].join(', ');
    causes.push({ code: 'TopologyHintsElsewhere', message: `topology hints keep the traffic of ${nodes} on other endpoints (same zone or node): ${hinted.size === 1 ? 'it sends' : 'they send'} it nothing, by design` });
  }
  for (const [dataplane, nodes] of stale.groups()) causes.push({ code: 'StaleDataplaneRule', message: staleText(dataplane as Dataplane, nodes) });
  if (byPolicy.size > 0) {
    const nodes = [...byPolicy].join(', ');
    causes.push({ code: 'TrafficPolicyLocal', message: `internalTrafficPolicy Local: ${nodes} keep${byPolicy.size === 1 ? 's' : ''} cluster IP traffic on the node and send${byPolicy.size === 1 ? 's' : ''} it nothing` });
  }
  return causes;
}

/** Nodes grouped by a key (the dataplane, or what holds the pod), each node once, in order. */
class NodesBy {
  private readonly map = new Map<string, string[]>();
  add(key: string, node: string): void {
    const nodes = this.map.get(key) ?? [];
    if (!nodes.includes(node)) nodes.push(node);
    this.map.set(key, nodes);
  }
  groups(): [string, string[]][] {
    return [...this.map].map(([key, nodes]) => [key, nodes]);
  }
}

/** `no KUBE-SEP rule on a, b`; `no IPVS real server for it on a`. */
function noRule(dataplane: Dataplane, nodes: readonly string[]): string {
  return `no ${ENDPOINT_RULE[dataplane]}${dataplane === 'iptables' ? '' : ' for it'} on ${nodes.join(', ')}`;
}

function staleText(dataplane: Dataplane, nodes: readonly string[]): string {
  const does = dataplane === 'cilium' ? 'Cilium still selects it as a backend' : dataplane === 'ipvs' ? 'kube-proxy still keeps it as an IPVS real server' : 'kube-proxy still DNATs to it';
  return `${does} on ${nodes.join(', ')}: ${dataplane === 'cilium' ? 'its state there is stale' : 'its rules are stale'}`;
}

/**
 * A pod the dump lists but holds back: `in Cilium's maintenance state on node-a: kept, but gets no
 * new connections`; `at IPVS weight 0 on node-a although the slice routes it: kube-proxy there has
 * not restored its weight (kubernetes#92019)`.
 */
function heldText(key: string, nodes: readonly string[]): string {
  const [dataplane, state, why] = key.split('\u0000') as [Dataplane, string, 'drift' | 'health' | 'kept'];
  const where = nodes.join(', ');
  const meaning = HELD_MEANING[state as keyof typeof HELD_MEANING] ?? 'gets no new connections';
  const held = dataplane === 'ipvs' ? `at IPVS weight 0 on ${where}` : `in Cilium's ${state} state on ${where}`;
  if (why === 'drift') return `${held} although the slice routes it: ${dataplane === 'ipvs' ? 'kube-proxy there has not restored its weight (kubernetes#92019)' : 'Cilium there has not synced'}`;
  return `${held}: ${meaning}`;
}

/** What closes the chain: the fallback, and the notes that are not links. */
export function closingReasons(pod: PodView, ctx: PodContext, verdict: Verdict): Reason[] {
  const reasons: Reason[] = [];
  if (verdict === 'fallback') reasons.push({ code: 'FallbackOnly', message: 'no endpoint is ready, so kube-proxy falls back to serving terminating endpoints', link: true });
  if (!pod.phantom && probelessServingContainers(pod).length > 0 && !isTerminal(pod.pod) && !isTerminating(pod.pod)) {
    reasons.push({ code: 'NoReadinessProbe', message: 'no readiness probe: Ready as soon as its containers run, whether or not the app can serve', link: false });
  }
  return reasons;
}

/** Causes as links of the chain. */
export function links(causes: readonly Cause[]): Reason[] {
  return causes.map((c) => ({ ...c, link: true }));
}

/** The first of each message: two ports or two nodes often lead to the same link. */
export function dedupe(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => (seen.has(r.message) ? false : (seen.add(r.message), true)));
}

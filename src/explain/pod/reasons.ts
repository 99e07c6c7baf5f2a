/**
 * The last links of a pod's chain, from what each node's rules do with it, and the notes that
 * close it. Every cause is a link of the chain except the notes that say so (NoReadinessProbe):
 * true of the pod, but not why it does or does not get traffic.
 */
import { isTerminal, isTerminating } from '../../kubernetes/pod.ts';
import type { PodView } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import { formatShare } from '../share.ts';
import type { Cause, Reason, Verdict } from '../types.ts';
import type { DataplaneFact } from './dataplane.ts';
import { probelessServingContainers } from './probeless.ts';

export function dataplaneCauses(pod: PodView, facts: readonly DataplaneFact[]): Cause[] {
  const missing = new Set<string>();
  const unsynced = new Set<string>();
  const hinted = new Set<string>();
  const stale: string[] = [];
  const byPolicy = new Set<string>();
  for (const { report, verdict } of facts) {
    if (verdict.kind === 'absent' && verdict.expected === true && verdict.why === null) unsynced.add(report.node);
    if (verdict.kind === 'absent' && verdict.expected === false && verdict.why === 'hints') hinted.add(report.node);
    else if (verdict.kind === 'absent' && verdict.expected !== true && pod.ips.length > 0) missing.add(report.node);
    if (verdict.kind === 'absent' && verdict.expected === true && verdict.why === 'policy') byPolicy.add(report.node);
    if (verdict.kind === 'present' && verdict.expected === false) stale.push(`${report.node}${report.share === null ? '' : ` (${formatShare(report.share)} of new connections)`}`);
  }
  const causes: Cause[] = [];
  // Where the slices route the pod, a node without its rule has not synced: that is a root cause.
  // Where they don't, the missing rule is only the last link of the chain.
  if (unsynced.size > 0) {
    const nodes = [...unsynced].join(', ');
    causes.push({ code: 'NoDataplaneRule', message: `no KUBE-SEP rule on ${nodes} although the slice routes it: kube-proxy there has not synced` });
  }
  if (missing.size > 0) causes.push({ code: 'NoDataplaneRule', message: `no KUBE-SEP rule on ${[...missing].join(', ')}` });
  if (hinted.size > 0) {
    const nodes = [...hinted].join(', ');
    causes.push({ code: 'TopologyHintsElsewhere', message: `topology hints keep the traffic of ${nodes} on other endpoints (same zone or node): ${hinted.size === 1 ? 'it sends' : 'they send'} it nothing, by design` });
  }
  if (stale.length > 0) causes.push({ code: 'StaleDataplaneRule', message: `kube-proxy still DNATs to it on ${[...new Set(stale)].join(', ')}: its rules are stale` });
  if (byPolicy.size > 0) {
    const nodes = [...byPolicy].join(', ');
    causes.push({ code: 'TrafficPolicyLocal', message: `internalTrafficPolicy Local: ${nodes} keep${byPolicy.size === 1 ? 's' : ''} cluster IP traffic on the node and send${byPolicy.size === 1 ? 's' : ''} it nothing` });
  }
  return causes;
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

/**
 * The counts a reader wants before the rows, so renderers draw them without deciding anything, and
 * what they add up to for `--exit-code`. Every pod is known to receive, known not to, or unknown.
 */
import type { PodReport, StaleRuleTarget, Summary, Verdict } from './types.ts';

/** What the pods' reports alone do not say. */
export interface SummaryContext {
  /** Why the slices are unknown (`EndpointSlices not in the input files`), else null. */
  slicesMissing: string | null;
  /** Why the pods themselves are unknown (`Pods forbidden: ...`), else null. */
  podsMissing: string | null;
  /** Addresses without a pod that stale rules still send traffic to. */
  staleAddresses: StaleRuleTarget[];
}

/** The verdicts that say a pod is known not to get (all) its traffic. */
const KNOWN_NOT_RECEIVING: ReadonlySet<Verdict> = new Set(['none', 'partial', 'stale']);

export function knownNotReceiving(pod: Pick<PodReport, 'verdict'>): boolean {
  return KNOWN_NOT_RECEIVING.has(pod.verdict);
}

export function summarize(pods: readonly PodReport[], context: SummaryContext): Summary {
  const receiving = pods.filter((p) => p.receivesTraffic).length;
  const unknown = pods.filter((p) => p.verdict === 'unknown').length;
  const slices = pods.flatMap((p) => p.endpointSlices);
  return {
    pods: pods.length,
    receiving,
    notReceiving: pods.filter(knownNotReceiving).length,
    unknown,
    unknownBecause: unknownBecause(pods.length, unknown, context),
    partial: pods.filter((p) => p.verdict === 'partial').length,
    stale: pods.filter((p) => p.verdict === 'stale').length,
    staleRules: [...pods.filter((p) => p.verdict === 'stale').map(stalePod), ...context.staleAddresses],
    fallback: pods.filter((p) => p.verdict === 'fallback').length,
    receivingNotReady: pods.filter((p) => p.receivesTraffic && (p.ready === 'False' || p.ready === 'Unknown')).map((p) => p.name),
    sliceEndpoints: { ready: slices.filter((e) => e.ready).length, total: slices.length },
    endpoints: { ready: pods.filter((p) => p.endpoints === 'ready').length, listed: pods.filter((p) => p.endpoints === 'ready' || p.endpoints === 'notReady').length },
  };
}

/**
 * Unknown pods are unknown for want of the slices (the only way a verdict is unknown with ports to
 * route); with no pod row at all, the pods themselves may be what is missing.
 */
function unknownBecause(pods: number, unknown: number, context: SummaryContext): string[] {
  if (pods === 0) return context.podsMissing === null ? [] : [context.podsMissing, ...(context.slicesMissing === null ? [] : [context.slicesMissing])];
  if (unknown === 0) return [];
  return [context.slicesMissing ?? 'the Service has no ports to route'];
}

/** Where a pod the slices do not route still gets traffic, one entry per node. */
function stalePod(pod: PodReport): StaleRuleTarget {
  const nodes: StaleRuleTarget['nodes'] = [];
  for (const d of pod.dataplane) {
    if (d.rule === 'present' && d.state === undefined && !nodes.some((n) => n.node === d.node)) nodes.push({ node: d.node, share: d.share ?? d.localShare });
  }
  return { target: pod.name, kind: 'pod', nodes };
}

/**
 * What the explanation adds up to for `--exit-code`: a selected pod known not to receive its
 * traffic; else a selected pod (or the pod list itself) unknown; else all well.
 */
export function trafficStatus(pods: readonly PodReport[], summary: Summary): 'ok' | 'not-receiving' | 'unknown' {
  const selected = pods.filter((p) => p.selected);
  if (selected.some(knownNotReceiving)) return 'not-receiving';
  if (selected.some((p) => p.verdict === 'unknown') || (pods.length === 0 && summary.unknownBecause.length > 0)) return 'unknown';
  return 'ok';
}

/**
 * `kubectl slices list`: one row per Service, worst first by what its pods get, so the one to
 * explain is at the top.
 * Each row comes from the same join and rules as `explain`, and its endpoint counts from
 * explain's own categorisation (routing.ts), so the two commands never disagree. The document
 * (`-o json|yaml`) is these rows; its field names are a public contract.
 */
import { byText } from '../kubernetes/order.ts';
import { joinService } from '../model/join.ts';
import type { Snapshot } from '../model/snapshot.ts';
import type { ServiceView } from '../model/view.ts';
import { explainView } from './explain.ts';
import { endpointCategory, routableSlices } from './routing.ts';
import { knownNotReceiving } from './summary.ts';
import type { Finding, PodReport, ReasonCode, Severity } from './types.ts';

/** Distinct endpoints of the slices kube-proxy reads, each in the category it files it under. */
export interface EndpointCounts {
  /** conditions.ready: what kube-proxy routes to. */
  ready: number;
  /** serving and terminating, not ready: kube-proxy's fallback when no endpoint is ready. */
  servingOnly: number;
  /** terminating and no longer serving. */
  terminating: number;
  /** none of the above: never routed to. */
  notReady: number;
}

export interface ServiceRow {
  namespace: string;
  name: string;
  type: string;
  /** Pods the selector matches; null when pods could not be read. */
  pods: number | null;
  /** Null when slices could not be read. */
  endpoints: EndpointCounts | null;
  /** What `explain` says of its pods: known to receive, known not to, unknown (they add up to pods). */
  traffic: { pods: number; receiving: number; notReceiving: number; unknown: number };
  /** The root cause of each pod known not to receive traffic, most frequent first (its first link). */
  causes: { code: ReasonCode; pods: number }[];
  /** The most serious finding, as `explain` reports it; null when there is none. */
  worst: Finding | null;
}

export interface ServiceListing {
  services: ServiceRow[];
  /** Resources that could not be read ("Pod: forbidden: ..."), so some columns are unknown. */
  unknown: string[];
}

/** Rows for every Service, worst first; `unknown` is what could not be read for the whole scope. */
export function serviceListing(snapshots: readonly Snapshot[], unknown: string[]): ServiceListing {
  return { services: snapshots.map(serviceRow).sort(byWorstFirst), unknown };
}

export function serviceRow(snapshot: Snapshot): ServiceRow {
  const view = joinService(snapshot);
  const explanation = explainView(view);
  const unknown = (kind: string) => snapshot.unknown.some((u) => u.kind === kind);
  // What could not be read is reported once for the whole listing, not as every row's finding.
  const worst = explanation.findings.find((f) => f.code !== 'ResourceUnknown') ?? null;
  const { pods, receiving, notReceiving, unknown: unknownPods } = explanation.summary;
  return {
    namespace: explanation.service.namespace,
    name: explanation.service.name,
    type: explanation.service.type,
    pods: unknown('Pod') ? null : explanation.pods.filter((p) => p.selected).length,
    endpoints: unknown('EndpointSlice') ? null : endpointCounts(view),
    traffic: { pods, receiving, notReceiving, unknown: unknownPods },
    causes: rootCauses(explanation.pods),
    worst,
  };
}

/** Each pod known not to receive traffic by the first link of its chain: what to fix first. */
function rootCauses(pods: readonly PodReport[]): ServiceRow['causes'] {
  const counts = new Map<ReasonCode, number>();
  for (const pod of pods.filter(knownNotReceiving)) {
    const code = pod.reasons.find((r) => r.link)?.code;
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, n]) => ({ code, pods: n })).sort((a, b) => b.pods - a.pods || byText(a.code, b.code));
}

const COUNTED = { ready: 'ready', servingTerminating: 'servingOnly', terminating: 'terminating', notReady: 'notReady' } as const;

/** Each endpoint once (a dual-stack pod has one per family), in the category of its first appearance. */
export function endpointCounts(view: Pick<ServiceView, 'slices'>): EndpointCounts {
  const counts: EndpointCounts = { ready: 0, servingOnly: 0, terminating: 0, notReady: 0 };
  const seen = new Set<string>();
  for (const slice of routableSlices(view.slices)) {
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpoint.targetRef?.uid ?? endpoint.targetRef?.name ?? endpoint.addresses.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      counts[COUNTED[endpointCategory(endpoint)]]++;
    }
  }
  return counts;
}

const RANK: Record<Severity | 'ok', number> = { critical: 0, warning: 1, info: 2, ok: 3 };

/** The share of a row's pods in one traffic state (0 without pods). */
const share = (row: ServiceRow, state: 'notReceiving' | 'unknown') => (row.traffic.pods === 0 ? 0 : row.traffic[state] / row.traffic.pods);

/** A critical or warning finding is a known problem; info and none are not. */
const problem = (row: ServiceRow) => Math.min(RANK[row.worst?.severity ?? 'ok'], RANK.info);

/**
 * Ranked by what the pods get: Services with pods known not to receive traffic first, the larger
 * the share of their pods lost the higher; then known problems (critical, then warning findings);
 * then the share of pods whose traffic is unknown; then info findings, then none; then namespace
 * and name.
 */
export function byWorstFirst(a: ServiceRow, b: ServiceRow): number {
  return (
    share(b, 'notReceiving') - share(a, 'notReceiving') ||
    problem(a) - problem(b) ||
    share(b, 'unknown') - share(a, 'unknown') ||
    RANK[a.worst?.severity ?? 'ok'] - RANK[b.worst?.severity ?? 'ok'] ||
    byText(a.namespace, b.namespace) ||
    byText(a.name, b.name)
  );
}

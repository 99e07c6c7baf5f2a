/**
 * The verdict on one pod and the chain behind it, root cause first:
 * pod lifecycle / readiness -> Ready condition -> target port -> EndpointSlice conditions ->
 * legacy Endpoints -> kube-proxy rules on each node.
 */
import { ipFamily, isTerminal, isTerminating, podCondition, shortPodName } from '../kubernetes/pod.ts';
import type { PodView, PortView, ServiceView, SliceEntry } from '../model/view.ts';
import { dataplaneFact, type DataplaneFact } from './dataplane.ts';
import { endpointReport } from './endpoint.ts';
import { endpointsReasons } from './endpoints.ts';
import { lifecycleReasons, readinessReasons } from './lifecycle.ts';
import { sliceServesPort, type PortRouting } from './routing.ts';
import { sliceReasons } from './slice.ts';
import { probelessServingContainers } from './probeless.ts';
import { formatShare } from './share.ts';
import type { PodPortReport, PodReport, Reason, Verdict } from './types.ts';

export interface PodContext {
  view: ServiceView;
  serviceKey: string;
  /** Per port label, per family: what kube-proxy routes over. */
  routing: Map<string, Map<string, PortRouting>>;
  headless: boolean;
  slicesKnown: boolean;
  /** Per port label and node: what that node's Local-policy chain uses; null when the Service uses none. */
  localRouting: ((portLabel: string, node: string) => Map<string, Set<string>>) | null;
  /** Per port label, family and node: the endpoints topology hints keep there (routing.ts topologyRouting). */
  topology: (portLabel: string, family: string, node: string) => Set<string> | 'unknown' | null;
}

type PortVerdict = Verdict;

export interface PodOutcome {
  report: PodReport;
  /** Nodes whose rules contradict the slices for this pod. */
  drift: { unsynced: string[]; stale: string[] };
}

export function podReport(pod: PodView, ctx: PodContext): PodOutcome {
  const ports = ctx.view.ports.map((port) => portOutcome(pod, port, ctx));
  const facts = ports.flatMap((p) => p.dataplane);
  const drift = {
    unsynced: nodesWhere(facts, (v) => v.kind === 'absent' && v.expected && v.why === null),
    stale: nodesWhere(facts, (v) => v.kind === 'present' && !v.expected),
  };
  const verdict = combine(ports.map((p) => p.verdict));
  const reasons = dedupe([
    ...lifecycleReasons(pod),
    ...readinessReasons(pod),
    ...ports.flatMap((p) => p.reasons),
    ...endpointsReasons(pod, ctx.view, verdict),
    ...dataplaneReasons(pod, ports.flatMap((p) => p.dataplane)),
    ...notes(pod, ctx, verdict),
  ]);
  const endpointSlices = pod.sliceEntries.map(endpointReport);
  const ready = podCondition(pod.pod, 'Ready')?.status ?? null;
  const report: PodReport = {
    name: pod.pod.metadata.name,
    shortName: shortName(pod),
    namespace: pod.pod.metadata.namespace ?? ctx.view.service.metadata.namespace ?? 'default',
    ip: pod.ips[0] ?? null,
    ips: pod.ips,
    node: pod.nodeName,
    zone: pod.zone,
    phase: pod.pod.status?.phase ?? null,
    ready,
    selected: pod.selected,
    verdict,
    receivesTraffic: verdict === 'receives' || verdict === 'fallback',
    ports: ports.map((p) => p.report),
    endpoint: endpointSlices[0] ?? null,
    endpointSlices,
    endpoints: pod.endpoints,
    dataplane: facts.map((d) => d.report),
    reasons,
  };
  return { report, drift };
}

interface PortOutcome {
  verdict: PortVerdict;
  report: PodPortReport;
  reasons: Reason[];
  dataplane: DataplaneFact[];
}

function portOutcome(pod: PodView, port: PortView, ctx: PodContext): PortOutcome {
  const targetPort = pod.targetPorts.get(port.label) ?? null;
  const entries = pod.sliceEntries.filter((e) => sliceServesPort(e.slice, port));
  const routing = ctx.routing.get(port.label) ?? new Map<string, PortRouting>();
  const routedEntry = entries.find((e) => routing.get(e.slice.addressType)?.addresses.has(e.address));
  const routed = (family: 'IPv4' | 'IPv6') => entries.some((e) => ipFamily(e.address) === family && routing.get(family)?.addresses.has(e.address));
  const hintedElsewhere = (node: string) => (family: 'IPv4' | 'IPv6') => {
    const kept = ctx.topology(port.label, family, node);
    if (kept === null || kept === 'unknown') return kept === 'unknown' ? 'unknown' : false;
    return !entries.some((e) => ipFamily(e.address) === family && kept.has(e.address));
  };
  const routedLocally = (node: string) => (family: 'IPv4' | 'IPv6') =>
    ctx.localRouting !== null && entries.some((e) => ipFamily(e.address) === family && ctx.localRouting?.(port.label, node).get(family)?.has(e.address));
  const reasons: Reason[] = [];
  if (targetPort === null && !pod.phantom) {
    reasons.push({ code: 'NamedPortMissing', message: `no container port named "${String(port.spec.targetPort)}" (${port.protocol}) for service port ${port.label}` });
  }
  reasons.push(...sliceReasons(pod, port, entries, ctx));
  const dataplane = ctx.headless
    ? []
    : ctx.view.dumps.map((dump) =>
        dataplaneFact({ pod, port, service: ctx.serviceKey, dump, routed, routedLocally: routedLocally(dump.node), hintedElsewhere: hintedElsewhere(dump.node), internalLocal: ctx.view.service.spec?.internalTrafficPolicy === 'Local' }),
      );
  // Not routed cluster-wide, yet the only usable endpoint of its own node's Local-policy chain.
  const localFallback = !routedEntry && pod.nodeName !== null && !ctx.headless && (['IPv4', 'IPv6'] as const).some(routedLocally(pod.nodeName));
  if (localFallback) {
    reasons.push({ code: 'FallbackOnly', message: `no ready endpoint on ${pod.nodeName ?? '?'}, so its Local-policy chain falls back to this serving, terminating pod` });
  }
  const verdict = portVerdict(pod, routedEntry, routing, dataplane, ctx, localFallback);
  return { verdict, report: { servicePort: port.label, targetPort, receivesTraffic: verdict === 'receives' || verdict === 'fallback' }, reasons, dataplane };
}

function portVerdict(pod: PodView, routedEntry: SliceEntry | undefined, routing: Map<string, PortRouting>, dataplane: DataplaneFact[], ctx: PodContext, localFallback: boolean): PortVerdict {
  if (!ctx.slicesKnown && pod.sliceEntries.length === 0) return 'unknown';
  if (!routedEntry) {
    // Only its node's Local-policy traffic reaches it (external traffic for externalTrafficPolicy
    // Local, every cluster IP client on that node for internalTrafficPolicy Local).
    if (localFallback) return 'partial';
    return dataplane.some((d) => d.verdict.kind === 'present') ? 'stale' : 'none';
  }
  const mode = routing.get(routedEntry.slice.addressType)?.mode === 'fallback' ? 'fallback' : 'receives';
  const present = dataplane.filter((d) => d.verdict.kind === 'present').length;
  // A node that drops the traffic by policy (internalTrafficPolicy Local, no endpoint on it) counts
  // as missing too: its clients get nothing, which is what the person debugging needs to see.
  const missing = dataplane.filter((d) => d.verdict.kind === 'absent' && d.verdict.expected).length;
  if (missing === 0) return mode;
  return present > 0 ? 'partial' : 'none';
}

function combine(verdicts: PortVerdict[]): Verdict {
  if (verdicts.length === 0) return 'unknown';
  if (verdicts.every((v) => v === 'receives')) return 'receives';
  if (verdicts.every((v) => v === 'receives' || v === 'fallback')) return 'fallback';
  if (verdicts.every((v) => v === 'none')) return 'none';
  if (verdicts.every((v) => v === 'unknown')) return 'unknown';
  if (verdicts.some((v) => v === 'stale') && !verdicts.some((v) => v === 'receives' || v === 'fallback')) return 'stale';
  return 'partial';
}

function nodesWhere(facts: DataplaneFact[], test: (v: DataplaneFact['verdict']) => boolean): string[] {
  return [...new Set(facts.filter((f) => test(f.verdict)).map((f) => f.report.node))];
}

function dataplaneReasons(pod: PodView, facts: DataplaneFact[]): Reason[] {
  const missing = new Set<string>();
  const unsynced = new Set<string>();
  const hinted = new Set<string>();
  const stale: string[] = [];
  const byPolicy = new Set<string>();
  for (const { report, verdict } of facts) {
    if (verdict.kind === 'absent' && verdict.expected && verdict.why === null) unsynced.add(report.node);
    if (verdict.kind === 'absent' && !verdict.expected && verdict.why === 'hints') hinted.add(report.node);
    else if (verdict.kind === 'absent' && !verdict.expected && pod.ips.length > 0) missing.add(report.node);
    if (verdict.kind === 'absent' && verdict.expected && verdict.why === 'policy') byPolicy.add(report.node);
    if (verdict.kind === 'present' && !verdict.expected) stale.push(`${report.node}${report.share === null ? '' : ` (${formatShare(report.share)} of new connections)`}`);
  }
  const reasons: Reason[] = [];
  // Where the slices route the pod, a node without its rule has not synced: that is a root cause.
  // Where they don't, the missing rule is only the last link of the chain.
  if (unsynced.size > 0) {
    const nodes = [...unsynced].join(', ');
    reasons.push({ code: 'NoDataplaneRule', message: `no KUBE-SEP rule on ${nodes} although the slice routes it: kube-proxy there has not synced` });
  }
  if (missing.size > 0) reasons.push({ code: 'NoDataplaneRule', message: `no KUBE-SEP rule on ${[...missing].join(', ')}` });
  if (hinted.size > 0) {
    const nodes = [...hinted].join(', ');
    reasons.push({ code: 'TopologyHintsElsewhere', message: `topology hints keep the traffic of ${nodes} on other endpoints (same zone or node): ${hinted.size === 1 ? 'it sends' : 'they send'} it nothing, by design` });
  }
  if (stale.length > 0) reasons.push({ code: 'StaleDataplaneRule', message: `kube-proxy still DNATs to it on ${[...new Set(stale)].join(', ')}: its rules are stale` });
  if (byPolicy.size > 0) {
    const nodes = [...byPolicy].join(', ');
    reasons.push({ code: 'TrafficPolicyLocal', message: `internalTrafficPolicy Local: ${nodes} keep${byPolicy.size === 1 ? 's' : ''} cluster IP traffic on the node and send${byPolicy.size === 1 ? 's' : ''} it nothing` });
  }
  return reasons;
}

function notes(pod: PodView, ctx: PodContext, verdict: Verdict): Reason[] {
  const reasons: Reason[] = [];
  if (verdict === 'fallback') reasons.push({ code: 'FallbackOnly', message: 'no endpoint is ready, so kube-proxy falls back to serving terminating endpoints' });
  if (!pod.selected && !pod.phantom && ctx.view.service.spec?.selector) {
    reasons.unshift({ code: 'NotSelected', message: "the Service's selector does not match its labels (an endpoint still names it)" });
  }
  if (!pod.phantom && probelessServingContainers(pod).length > 0 && !isTerminal(pod.pod) && !isTerminating(pod.pod)) {
    reasons.push({ code: 'NoReadinessProbe', message: 'no readiness probe: Ready as soon as its containers run, whether or not the app can serve' });
  }
  return reasons;
}

/**
 * The generated suffix of a ReplicaSet pod, but the whole name of a StatefulSet pod: its
 * generateName is "<set>-" too (controller_utils.go GetPodFromTemplate), and "2" alone says nothing.
 */
function shortName(pod: PodView): string {
  const short = shortPodName({ name: pod.pod.metadata.name, generateName: pod.pod.metadata.generateName });
  return /^\d+$/.test(short) ? pod.pod.metadata.name : short;
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => (seen.has(r.message) ? false : (seen.add(r.message), true)));
}

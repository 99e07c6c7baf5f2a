/**
 * The verdict on one pod and the chain behind it, root cause first:
 * pod lifecycle / readiness -> Ready condition -> target port -> EndpointSlice conditions ->
 * legacy Endpoints -> kube-proxy rules on each node.
 */
import { podCondition, shortPodName } from '../../kubernetes/pod.ts';
import type { PodView } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import { podReadiness } from '../readiness/readiness.ts';
import type { PodReport } from '../types.ts';
import type { DataplaneFact } from './dataplane.ts';
import { endpointReport } from './endpoint.ts';
import { endpointsReasons } from './endpoints.ts';
import { lifecycleReasons, readinessReasons } from './lifecycle.ts';
import { portOutcome } from './port.ts';
import { closingReasons, dataplaneCauses, dedupe, links } from './reasons.ts';
import { selectionCauses } from './selection.ts';
import { combine } from './verdict.ts';

export interface PodOutcome {
  report: PodReport;
  /** Nodes whose rules contradict the slices for this pod; `held`: `node (state)` where a routed pod is held back. */
  drift: { unsynced: string[]; stale: string[]; held: string[] };
}

export function podReport(pod: PodView, ctx: PodContext): PodOutcome {
  const ports = ctx.view.ports.map((port) => portOutcome(pod, port, ctx));
  const facts = ports.flatMap((p) => p.dataplane);
  const drift = {
    unsynced: nodesWhere(facts, (v) => v.kind === 'absent' && v.expected === true && v.why === null && v.held === undefined),
    stale: nodesWhere(facts, (v) => v.kind === 'present' && v.expected === false),
    held: [...new Set(facts.flatMap(({ report, verdict: v }) => (v.kind === 'absent' && v.expected === true && v.why === null && v.held !== undefined ? [`${report.node} (${v.held})`] : [])))],
  };
  const verdict = combine(ports.map((p) => p.verdict));
  const causes = [
    ...selectionCauses(pod, ctx),
    ...lifecycleReasons(pod),
    ...readinessReasons(pod, podReadiness(pod.pod, pod.node, pod.events, ctx.view.observed?.time ?? null)),
    ...ports.flatMap((p) => p.causes),
    ...endpointsReasons(pod, ctx.view, verdict),
    ...dataplaneCauses(pod, facts),
  ];
  const endpointSlices = pod.sliceEntries.map(endpointReport);
  const report: PodReport = {
    name: pod.pod.metadata.name,
    shortName: shortPodName(pod.pod.metadata),
    namespace: pod.pod.metadata.namespace ?? ctx.view.service.metadata.namespace ?? 'default',
    ip: pod.ips[0] ?? null,
    ips: pod.ips,
    node: pod.nodeName,
    zone: pod.zone,
    phase: pod.pod.status?.phase ?? null,
    ready: podCondition(pod.pod, 'Ready')?.status ?? null,
    selected: pod.selected,
    verdict,
    receivesTraffic: verdict === 'receives' || verdict === 'fallback',
    ports: ports.map((p) => p.report),
    sliceMembership: endpointSlices.length > 0 ? 'listed' : ctx.slicesKnown ? 'absent' : 'unknown',
    endpoint: endpointSlices[0] ?? null,
    endpointSlices,
    endpoints: pod.endpoints,
    dataplane: facts.map((d) => d.report),
    reasons: dedupe([...links(causes), ...closingReasons(pod, ctx, verdict)]),
  };
  return { report, drift };
}

function nodesWhere(facts: readonly DataplaneFact[], test: (v: DataplaneFact['verdict']) => boolean): string[] {
  return [...new Set(facts.filter((f) => test(f.verdict)).map((f) => f.report.node))];
}

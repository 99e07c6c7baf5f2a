/**
 * The explain core: a Snapshot (and node dumps) in, an Explanation out. Pure: no I/O, no clock, so
 * the same function serves files, the live cluster and every frame of watch mode.
 */
import type { UnreadNode } from '../dataplane/capture.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { joinService } from '../model/join.ts';
import type { Snapshot } from '../model/snapshot.ts';
import type { ServiceView } from '../model/view.ts';
import { podContext } from './context.ts';
import { missingKind } from './missing.ts';
import { serviceFindings } from './findings/findings.ts';
import { orphanReport } from './orphans.ts';
import { podReport } from './pod/report.ts';
import { serviceReport } from './service.ts';
import { summarize } from './summary.ts';
import { terminationReport } from './termination/report.ts';
import type { Explanation } from './types.ts';

/** `unread`: nodes whose dataplane was collected and could not be read; their rules are unknown, not empty. */
export function explain(snapshot: Snapshot, dumps: readonly NodeRules[] = [], unread: readonly UnreadNode[] = []): Explanation {
  const view = joinService(snapshot, dumps);
  return explainView(unread.length > 0 ? { ...view, unreadDataplanes: [...unread] } : view);
}

export function explainView(view: ServiceView): Explanation {
  const service = serviceReport(view.service);
  const ctx = podContext(view);
  const outcomes = service.type === 'ExternalName' ? [] : view.pods.map((pod) => podReport(pod, ctx));
  const pods = outcomes.map((o) => o.report);
  const termination = terminationReport(view);
  const drifting = outcomes.filter((o) => o.drift.unsynced.length + o.drift.stale.length + o.drift.held.length > 0).map((o) => ({ pod: o.report.name, ...o.drift }));
  const endpointsWithoutPods = view.orphans.map((o) => orphanReport(o, view));
  const staleAddresses = view.orphans
    .filter((_, i) => endpointsWithoutPods[i]?.reasons.some((r) => r.code === 'StaleDataplaneRule'))
    .map((o) => ({ target: o.address, kind: 'address' as const, nodes: o.ruleNodes.filter((r) => r.held === undefined).map(({ node, share }) => ({ node, share })) }));
  const podsMissing = view.service.spec?.selector ? missingKind(view.unknown, 'Pod') : null;
  return {
    service,
    pods,
    endpointsWithoutPods,
    findings: serviceFindings({ view, service, pods, routing: ctx.routing, drifting, termination }),
    nodes: view.dumps.map((d) => d.node),
    unknown: [...view.unknown.map((u) => `${u.kind}: ${u.why}`), ...(view.unreadDataplanes ?? []).map((u) => `dataplane of node ${u.node}: ${u.why}`)],
    summary: summarize(pods, { slicesMissing: ctx.slicesMissing, podsMissing, staleAddresses }),
    termination,
  };
}

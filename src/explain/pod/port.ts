/**
 * One pod on one service port: its target port, its slice entries for that port, whether
 * kube-proxy routes to it (cluster-wide, per node for Local policy, per node for topology hints),
 * what each node's rules do with it, and the verdict that follows.
 */
import { ipFamily } from '../../kubernetes/pod.ts';
import type { PodView, PortView } from '../../model/view.ts';
import type { PodContext } from '../context.ts';
import { sliceServesPort, type PortRouting } from '../routing.ts';
import type { Cause, PodPortReport, Verdict } from '../types.ts';
import { combineNodeFacts, dataplaneFacts, type DataplaneFact } from './dataplane.ts';
import { familyGap } from './family.ts';
import { sliceReasons } from './slice.ts';
import { portVerdict } from './verdict.ts';

export interface PortOutcome {
  verdict: Verdict;
  report: PodPortReport;
  causes: Cause[];
  dataplane: DataplaneFact[];
}

type Family = 'IPv4' | 'IPv6';

export function portOutcome(pod: PodView, port: PortView, ctx: PodContext): PortOutcome {
  const targetPort = pod.targetPorts.get(port.label) ?? null;
  const entries = pod.sliceEntries.filter((e) => sliceServesPort(e.slice, port));
  const routing = ctx.routing.get(port.label) ?? new Map<string, PortRouting>();
  const holds = (set: ReadonlySet<string> | undefined, family: Family) => entries.some((e) => ipFamily(e.address) === family && set?.has(e.address) === true);
  const routedEntry = entries.find((e) => routing.get(e.slice.addressType)?.addresses.has(e.address));
  const routed = (family: Family) => holds(routing.get(family)?.addresses, family);
  const hintedElsewhere = (node: string) => (family: Family) => {
    const kept = ctx.topology(port.label, family, node);
    if (kept === null || kept === 'unknown') return kept === 'unknown' ? 'unknown' : false;
    return !holds(kept, family);
  };
  const routedLocally = (node: string) => (family: Family) => ctx.localRouting !== null && holds(ctx.localRouting(port.label, node).get(family), family);
  const causes: Cause[] = [];
  if (targetPort === null && !pod.phantom) {
    causes.push({ code: 'NamedPortMissing', message: `no container port named "${String(port.spec.targetPort)}" (${port.protocol}) for service port ${port.label}` });
  }
  causes.push(...sliceReasons(pod, port, entries, ctx));
  const gap = familyGap(pod, entries, routing);
  if (gap) causes.push(gap);
  const internalLocal = ctx.view.service.spec?.internalTrafficPolicy === 'Local';
  const dataplane = ctx.headless
    ? []
    : combineNodeFacts(ctx.view.dumps.flatMap((dump) => dataplaneFacts({ pod, port, service: ctx.serviceKey, dump, routed, routedLocally: routedLocally(dump.node), hintedElsewhere: hintedElsewhere(dump.node), internalLocal, slicesKnown: ctx.slicesKnown })));
  const localFallback = !routedEntry && pod.nodeName !== null && !ctx.headless && (['IPv4', 'IPv6'] as const).some(routedLocally(pod.nodeName));
  if (localFallback) {
    causes.push({ code: 'FallbackOnly', message: `no ready endpoint on ${pod.nodeName ?? '?'}, so its Local-policy chain falls back to this serving, terminating pod` });
  }
  const whole = portVerdict({ pod, routedEntry, routing, dataplane, slicesKnown: ctx.slicesKnown, localFallback });
  // Routed in one address family only: the other family's clients get nothing from it.
  const verdict = gap && (whole === 'receives' || whole === 'fallback') ? 'partial' : whole;
  return { verdict, report: { servicePort: port.label, targetPort, receivesTraffic: verdict === 'receives' || verdict === 'fallback' }, causes, dataplane };
}

/**
 * Reports for addresses that no pod of the Service owns (see model/orphans.ts): the manual
 * endpoints of a selector-less Service, entries whose pod is gone, rules left for an old pod IP.
 * One reason per kind of problem, naming every place the address was seen.
 */
import { isKnown } from '../model/snapshot.ts';
import { missingKind } from './missing.ts';
import type { OrphanView, ServiceView } from '../model/view.ts';
import { endpointState } from './routing.ts';
import { formatShare } from './share.ts';
import { HELD_MEANING } from '../dataplane/words.ts';
import type { Cause, OrphanEndpointReport } from './types.ts';

export function orphanReport(orphan: OrphanView, view: ServiceView): OrphanEndpointReport {
  return {
    address: orphan.address,
    port: orphan.port,
    seenIn: orphan.seenIn,
    targetRef: orphan.targetRef,
    reasons: orphanReasons(orphan, view).map((cause) => ({ ...cause, link: true })),
  };
}

function orphanReasons(orphan: OrphanView, view: ServiceView): Cause[] {
  const listed = listings(orphan, view);
  const routed = orphan.sliceEntries.some((e) => endpointState(e.endpoint).ready);
  const live = orphan.ruleNodes.filter((r) => r.held === undefined);
  const dnat = sendsText(live);
  const held = heldText(orphan.ruleNodes.filter((r) => r.held !== undefined));
  if (!view.service.spec?.selector) {
    const where = listed ? `: ${listed}` : '';
    return [{ code: 'ManualEndpoint', message: `manual endpoint (the Service has no selector)${where}${dnat ? `; ${dnat}` : ''}` }];
  }
  const reasons: Cause[] = [];
  // A drained IPVS real server or a Cilium backend kept in a state: listed, sent nothing new.
  if (held) reasons.push({ code: 'EndpointHeld', message: held });
  const podsKnown = isKnown(view.unknown, 'Pod');
  if (listed && podsKnown) {
    const gone = orphan.targetRef ? `${orphan.targetRef} is not among the Service's pods` : 'no pod of the Service has this IP';
    const follows = routed && dnat ? `; ${dnat}, following the slice` : '';
    reasons.push({ code: 'EndpointStale', message: `${listed}, but ${gone}${follows}` });
  }
  // Stale means "not what the slices route": without them, nothing says what the rules should be.
  const slicesMissing = missingKind(view.unknown, 'EndpointSlice');
  if (dnat && !routed && slicesMissing === null) reasons.push({ code: 'StaleDataplaneRule', message: `${dnat}, but no ready endpoint has this IP: the rules are stale` });
  if (dnat && slicesMissing !== null) {
    const owner = podsKnown ? 'no pod of the Service has this IP' : 'which pod has this IP is unknown';
    reasons.push({ code: 'RoutingUnknown', message: `${dnat}; ${owner}, and whether the slices still route it is unknown (${slicesMissing})` });
  }
  return reasons;
}

/** `kube-proxy DNATs to it on a (50%)`, `Cilium sends to it on b (50%)`, per dataplane. */
function sendsText(nodes: OrphanView['ruleNodes']): string {
  const byAgent = new Map<string, string[]>();
  for (const r of nodes) {
    const does = r.dataplane === 'cilium' ? 'Cilium sends to it' : r.dataplane === 'ipvs' ? 'kube-proxy sends to it through IPVS' : 'kube-proxy DNATs to it';
    byAgent.set(does, [...(byAgent.get(does) ?? []), `${r.node}${r.share === null ? '' : ` (${formatShare(r.share)})`}`]);
  }
  return [...byAgent].map(([does, list]) => `${does} on ${list.join(', ')}`).join('; ');
}

/** `kept at IPVS weight 0 on a: ...`: an address the dump lists but holds back. */
function heldText(nodes: OrphanView['ruleNodes']): string {
  return nodes
    .map((r) => {
      const meaning = HELD_MEANING[r.held as keyof typeof HELD_MEANING] ?? 'gets no new connections';
      return `${r.dataplane === 'ipvs' ? 'at IPVS weight 0' : `in Cilium's ${r.held ?? ''} state`} on ${r.node}: ${meaning}`;
    })
    .join('; ');
}

/** "ready in slice web-x, ready in Endpoints web". */
function listings(orphan: OrphanView, view: ServiceView): string {
  const parts = orphan.sliceEntries.map((e) => `${endpointState(e.endpoint).ready ? 'ready' : 'not ready'} in slice ${e.slice.metadata.name}`);
  if (orphan.endpointsState) parts.push(`${orphan.endpointsState === 'ready' ? 'ready' : 'not ready'} in Endpoints ${view.endpoints?.metadata.name ?? view.service.metadata.name}`);
  return parts.join(', ');
}

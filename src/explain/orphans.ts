/** Reports for addresses that no pod of the Service owns (see model/orphans.ts). */
import type { OrphanView, ServiceView } from '../model/view.ts';
import { endpointState } from './routing.ts';
import { formatShare } from './share.ts';
import type { OrphanEndpointReport, Reason } from './types.ts';

export function orphanReport(orphan: OrphanView, view: ServiceView): OrphanEndpointReport {
  return {
    address: orphan.address,
    port: orphan.port,
    seenIn: orphan.seenIn,
    targetRef: orphan.targetRef,
    reasons: orphanReasons(orphan, view),
  };
}

function orphanReasons(orphan: OrphanView, view: ServiceView): Reason[] {
  const reasons: Reason[] = [];
  const manual = !view.service.spec?.selector;
  const podsKnown = !view.unknown.some((u) => u.kind === 'Pod');
  for (const entry of orphan.sliceEntries) {
    const state = endpointState(entry.endpoint);
    const name = entry.slice.metadata.name;
    if (manual) reasons.push({ code: 'NotSelected', message: `manual endpoint in slice ${name} (ready=${state.ready})` });
    else if (podsKnown) reasons.push({ code: 'EndpointStale', message: `slice ${name} lists it (ready=${state.ready}) but ${orphan.targetRef ?? 'no pod'} is not among the Service's pods` });
  }
  if (orphan.endpointsState && !manual && podsKnown) {
    reasons.push({ code: 'EndpointStale', message: `Endpoints lists it as ${orphan.endpointsState} but no pod of the Service has this IP` });
  }
  if (orphan.ruleNodes.length > 0) {
    const where = orphan.ruleNodes.map((r) => `${r.node}${r.share === null ? '' : ` (${formatShare(r.share)})`}`).join(', ');
    const routed = orphan.sliceEntries.some((e) => endpointState(e.endpoint).ready);
    reasons.push(routed || manual ? { code: 'NotSelected', message: `kube-proxy DNATs to it on ${where}` } : { code: 'StaleDataplaneRule', message: `kube-proxy still DNATs to it on ${where}: no ready endpoint has this IP` });
  }
  return reasons;
}

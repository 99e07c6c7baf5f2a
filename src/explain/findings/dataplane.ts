/** What the node dumps show for the Service: traffic policies, DROPs, skipped lines, drift from the slices. */
import { isKnown } from '../../model/snapshot.ts';
import { hiddenRoutingText } from '../../dataplane/visibility.ts';
import { serviceKey } from '../../kubernetes/ref.ts';
import type { OrphanView } from '../../model/view.ts';
import { endpointState } from '../routing.ts';
import type { Finding, ServiceReport } from '../types.ts';
import type { FindingInput } from './input.ts';

export function dataplaneFindings({ view, service, drifting }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  if (service.externalTrafficPolicy === 'Local' || service.internalTrafficPolicy === 'Local') {
    const which = [service.externalTrafficPolicy === 'Local' ? 'externalTrafficPolicy' : '', service.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy' : ''].filter(Boolean).join(' and ');
    findings.push({ code: 'TrafficPolicyLocal', severity: 'info', message: `${which} Local: a node sends that traffic only to endpoints on itself, and drops it when it has none` });
  }
  const name = serviceKey(view.service);
  for (const dump of view.dumps) {
    // Its cells are unknown (pod/dataplane.ts): say why, and what would show the routing.
    if (!dump.routing.shown) findings.push({ code: 'RoutingNotShown', severity: 'warning', message: `${dump.node}: ${hiddenRoutingText(dump.routing)}` });
    const dropping = dump.services.filter((r) => r.service === name && r.noEndpoints === 'drop');
    if (dropping.length > 0) findings.push(noLocalEndpoints(dump.node, dropping.map((r) => r.port || String(view.ports.find((p) => p.name === r.port)?.spec.port ?? '')), service));
    const warning = dumpWarning(dump);
    if (warning) findings.push(warning);
  }
  // Drift is disagreement with the slices: without them there is nothing to disagree with.
  const slicesKnown = isKnown(view.unknown, 'EndpointSlice');
  const drift = dataplaneDrift(drifting, slicesKnown ? view.orphans : [], view.dumps);
  if (drift) findings.push(drift);
  return findings;
}

/**
 * One finding per dump with warnings: the first that says the dump itself is incomplete (empty,
 * cut short, a jump to an undefined chain), a `warning`, else the first skipped line, `info`.
 */
function dumpWarning(dump: FindingInput['view']['dumps'][number]): Finding | null {
  const first = dump.warnings.find((w) => w.incomplete) ?? dump.warnings[0];
  if (!first) return null;
  const more = dump.warnings.length - 1;
  const rest = more > 0 ? ` (and ${more} more warning${more === 1 ? '' : 's'}: \`kubectl slices rules ${dump.source}\` lists them)` : '';
  return { code: 'DumpWarnings', severity: first.incomplete ? 'warning' : 'info', message: `${dump.source}:${first.line}: ${first.message}${rest}` };
}

/**
 * A node that has no local endpoint DROPs what its Local policy keeps on the node (filter
 * "<svc> has no local endpoints" -j DROP, pkg/proxy/iptables/proxier.go syncProxyRules).
 * internalTrafficPolicy Local: cluster IP clients on that node get nothing. externalTrafficPolicy
 * Local only: by design, as long as the load balancer's health check
 * (pkg/proxy/healthcheck/service_health.go answers 503 there) keeps the node out.
 */
function noLocalEndpoints(node: string, ports: string[], service: ServiceReport): Finding {
  const which = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')}`;
  if (service.internalTrafficPolicy === 'Local') {
    return { code: 'NoLocalEndpoints', severity: 'warning', message: `${node} has no local endpoint: it DROPs cluster IP traffic to ${which} from clients on that node (internalTrafficPolicy Local)` };
  }
  const lb = service.type === 'LoadBalancer' ? '; the load balancer must keep it out of rotation (its health check node port answers 503 there)' : '';
  return { code: 'NoLocalEndpoints', severity: 'info', message: `${node} has no local endpoint: it DROPs external traffic to ${which} (externalTrafficPolicy Local)${lb}` };
}

/**
 * Rules that contradict the slices: a routed pod without its KUBE-SEP rule, or a rule for a pod
 * or an IP the slices no longer route. kube-proxy rewrites a service's chains from its own
 * EndpointSlice cache on every sync, so either way that node has not synced since.
 */
function dataplaneDrift(drifting: FindingInput['drifting'], orphans: readonly OrphanView[], dumps: readonly { node: string }[]): Finding | null {
  const parts: string[] = [];
  const nodes = new Set<string>();
  for (const { pod, unsynced, stale } of drifting) {
    if (unsynced.length > 0) parts.push(`no rule for ${pod} on ${unsynced.join(', ')}`);
    if (stale.length > 0) parts.push(`a stale rule for ${pod} on ${stale.join(', ')}`);
    for (const node of [...unsynced, ...stale]) nodes.add(node);
  }
  for (const orphan of orphans) {
    if (orphan.ruleNodes.length === 0 || orphan.sliceEntries.some((e) => endpointState(e.endpoint).ready)) continue;
    parts.push(`a stale rule for ${orphan.address} on ${orphan.ruleNodes.map((r) => r.node).join(', ')}`);
    for (const r of orphan.ruleNodes) nodes.add(r.node);
  }
  if (parts.length === 0) return null;
  const list = [...new Set(dumps.map((d) => d.node))].filter((n) => nodes.has(n));
  const subject = list.length === 1 ? `kube-proxy on ${list[0]} has` : `kube-proxy on ${list.join(', ')} have`;
  return {
    code: 'DataplaneDrift',
    severity: 'warning',
    message: `${subject} not synced with the EndpointSlices (${parts.join('; ')}): look for sync errors in kube-proxy's log there`,
  };
}

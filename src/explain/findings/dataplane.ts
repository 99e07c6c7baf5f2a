/** What the node dumps show for the Service: traffic policies, DROPs, skipped lines, drift from the slices. */
import { isKnown } from '../../model/snapshot.ts';
import { hiddenRoutingText } from '../../dataplane/visibility.ts';
import { serviceKey } from '../../kubernetes/ref.ts';
import type { OrphanView } from '../../model/view.ts';
import type { NodeRules } from '../../dataplane/types.ts';
import { DATAPLANE_AGENT } from '../../dataplane/words.ts';
import { endpointState } from '../routing.ts';
import type { Finding, ServiceReport } from '../types.ts';
import type { FindingInput } from './input.ts';
import { shareFindings } from './shares.ts';

export function dataplaneFindings({ view, service, drifting }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  if (service.externalTrafficPolicy === 'Local' || service.internalTrafficPolicy === 'Local') {
    const which = [service.externalTrafficPolicy === 'Local' ? 'externalTrafficPolicy' : '', service.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy' : ''].filter(Boolean).join(' and ');
    findings.push({ code: 'TrafficPolicyLocal', severity: 'info', message: `${which} Local: a node sends that traffic only to endpoints on itself, and drops it when it has none` });
  }
  const name = serviceKey(view.service);
  for (const dump of view.dumps) {
    // Its cells are unknown (pod/dataplane.ts): say why, and what would show the routing, unless
    // another dump of the node (its `ipvsadm -Ln`, say) shows that routing.
    if (!dump.routing.shown && !shownElsewhere(dump, view.dumps)) findings.push({ code: 'RoutingNotShown', severity: 'warning', message: `${dump.node}: ${hiddenRoutingText(dump.routing)}` });
    const dropping = dump.services.filter((r) => r.service === name && r.noEndpoints === 'drop');
    if (dropping.length > 0) findings.push(noLocalEndpoints(dump.node, dropping.map((r) => r.port || String(view.ports.find((p) => p.name === r.port)?.spec.port ?? '')), service));
    const warning = dumpWarning(dump);
    if (warning) findings.push(warning);
  }
  // Drift is disagreement with the slices: without them there is nothing to disagree with.
  const slicesKnown = isKnown(view.unknown, 'EndpointSlice');
  const drift = dataplaneDrift(drifting, slicesKnown ? view.orphans : [], view.dumps);
  if (drift) findings.push(drift);
  // A node whose rules could not be collected: unknown with the reason, never "no rule".
  for (const unread of view.unreadDataplanes ?? []) findings.push({ code: 'DataplaneUnknown', severity: 'warning', message: `unknown on node ${unread.node}: ${unread.why}` });
  return [...findings, ...shareFindings(view.dumps, name)];
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
  // Line 0: a warning about the dump as a whole (attribute.ts: lists that differ between frontends).
  const where = first.line > 0 ? `${dump.source}:${first.line}` : dump.source;
  return { code: 'DumpWarnings', severity: first.incomplete ? 'warning' : 'info', message: `${where}: ${first.message}${rest}` };
}

/** Whether another dump of the same node shows the routing this one cannot (of the mode it names, or any when it names none). */
function shownElsewhere(dump: NodeRules, dumps: readonly NodeRules[]): boolean {
  if (dump.routing.shown) return true;
  const mode = dump.routing.mode;
  return dumps.some((other) => other !== dump && other.node === dump.node && other.routing.shown && (mode === 'unknown' || other.dataplane === mode));
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
 * Rules that contradict the slices: a routed pod without its rule (or held back by the dataplane),
 * or a rule for a pod or an IP the slices no longer route. kube-proxy rewrites a service's rules
 * from its own EndpointSlice cache on every sync, and Cilium its backends, so either way that node
 * has not synced since.
 */
function dataplaneDrift(drifting: FindingInput['drifting'], orphans: readonly OrphanView[], dumps: readonly NodeRules[]): Finding | null {
  const parts: string[] = [];
  const nodes = new Set<string>();
  for (const { pod, unsynced, stale, held } of drifting) {
    if (unsynced.length > 0) parts.push(`no rule for ${pod} on ${unsynced.join(', ')}`);
    if (held.length > 0) parts.push(`${pod} held back on ${held.join(', ')}`);
    if (stale.length > 0) parts.push(`a stale rule for ${pod} on ${stale.join(', ')}`);
    for (const node of [...unsynced, ...stale, ...held.map((h) => h.slice(0, h.lastIndexOf(' (')))]) nodes.add(node);
  }
  for (const orphan of orphans) {
    if (orphan.ruleNodes.length === 0 || orphan.sliceEntries.some((e) => endpointState(e.endpoint).ready)) continue;
    const live = orphan.ruleNodes.filter((r) => r.held === undefined);
    if (live.length === 0) continue;
    parts.push(`a stale rule for ${orphan.address} on ${live.map((r) => r.node).join(', ')}`);
    for (const r of live) nodes.add(r.node);
  }
  if (parts.length === 0) return null;
  const agents = new Map<string, string[]>();
  for (const dump of dumps) {
    if (!nodes.has(dump.node) || !dump.routing.shown) continue;
    const agent = DATAPLANE_AGENT[dump.dataplane];
    const list = agents.get(agent) ?? [];
    if (!list.includes(dump.node)) list.push(dump.node);
    agents.set(agent, list);
  }
  const subjects = [...agents].map(([agent, list]) => `${agent} on ${list.join(', ')}`);
  const many = [...agents.values()].flat().length > 1;
  const logs = [...agents.keys()].map((agent) => `${agent === 'Cilium' ? 'the Cilium agent' : agent}'s log`).join(' or ');
  return {
    code: 'DataplaneDrift',
    severity: 'warning',
    message: `${subjects.join(' and ')} ${many ? 'have' : 'has'} not synced with the EndpointSlices (${parts.join('; ')}): look for sync errors in ${logs} there`,
  };
}

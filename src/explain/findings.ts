/** Service-level findings, most severe first. Each one names what to look at next. */
import { ANNOTATION_OVER_CAPACITY } from '../kubernetes/objects.ts';
import type { OrphanView, PortView, ServiceView } from '../model/view.ts';
import { probelessServingContainers } from './probeless.ts';
import { endpointState, sliceServesPort } from './routing.ts';
import type { PortRouting } from './routing.ts';
import { formatShare } from './share.ts';
import type { Finding, PodReport, ServiceReport } from './types.ts';

interface FindingInput {
  view: ServiceView;
  service: ServiceReport;
  pods: PodReport[];
  routing: Map<string, Map<string, PortRouting>>;
  /** Pods whose rules contradict the slices: nodes without their rule, nodes with a stale one. */
  drifting: { pod: string; unsynced: string[]; stale: string[] }[];
}

const UNKNOWN_EFFECT: Record<string, string> = {
  EndpointSlice: 'which endpoints kube-proxy routes to is unknown',
  Endpoints: 'the legacy Endpoints column is unknown',
  Pod: 'pod readiness is unknown (rows come from endpoint targetRefs)',
  Node: 'node readiness and zones are not checked',
  Event: 'probe failures are not quoted',
};

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export function serviceFindings(input: FindingInput): Finding[] {
  // Within a severity, causes come before their effects: a selector that matches nothing before
  // "no ready endpoint" (the sort is stable).
  const findings = [...kindFindings(input), ...podFindings(input), ...endpointFindings(input), ...dataplaneFindings(input), ...unknownFindings(input)];
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

function kindFindings({ service, view }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  if (service.type === 'ExternalName') {
    findings.push({ code: 'ExternalName', severity: 'info', message: `ExternalName Service: DNS answers with a CNAME to ${view.service.spec?.externalName ?? '?'}; there are no endpoints and no kube-proxy rules` });
  }
  if (!service.selector && service.type !== 'ExternalName') {
    findings.push({ code: 'NoSelector', severity: 'info', message: 'no selector: its endpoints are written by hand or by another controller, not derived from pods' });
  }
  if (service.headless) {
    findings.push({ code: 'Headless', severity: 'info', message: 'headless (clusterIP None): DNS returns the ready endpoints directly; kube-proxy writes no rules for it' });
  }
  if (service.publishNotReadyAddresses) {
    findings.push({ code: 'PublishNotReadyAddresses', severity: 'warning', message: 'publishNotReadyAddresses: every endpoint is published ready, whatever its pod readiness' });
  }
  if (service.sessionAffinity === 'ClientIP') {
    const seconds = view.service.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
    findings.push({ code: 'SessionAffinity', severity: 'info', message: `ClientIP session affinity (${seconds}s): returning clients stick to their endpoint, so shares apply to new clients only` });
  }
  return findings;
}

function endpointFindings({ view, service, routing }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  const slicesKnown = !view.unknown.some((u) => u.kind === 'EndpointSlice');
  if (slicesKnown && service.type !== 'ExternalName') {
    for (const port of view.ports) {
      const families = [...(routing.get(port.label)?.values() ?? [])];
      const which = view.ports.length > 1 ? ` for port ${port.label}` : '';
      if (families.length === 0 || families.every((f) => f.mode === 'none')) {
        findings.push({ code: 'NoReadyEndpoints', severity: 'critical', message: `no ready endpoint${which}: ${noEndpointEffect(view, service, port)}` });
      } else if (families.some((f) => f.mode === 'fallback')) {
        findings.push({ code: 'ServingTerminatingFallback', severity: 'warning', message: `no ready endpoint${which}: kube-proxy falls back to endpoints that are terminating but still serving; once they stop, connections are refused` });
      } else if (families.every((f) => f.readyCount === 1)) {
        findings.push({ code: 'SingleEndpoint', severity: 'info', message: `a single ready endpoint${which}: no redundancy` });
      }
    }
  }
  const overCapacity = view.endpoints?.metadata.annotations?.[ANNOTATION_OVER_CAPACITY];
  if (overCapacity) {
    findings.push({ code: 'EndpointsOverCapacity', severity: 'warning', message: `Endpoints ${view.endpoints?.metadata.name} is ${overCapacity} at 1000 addresses; kube-proxy reads EndpointSlices, but tools that read Endpoints miss the rest` });
  }
  const mismatch = endpointsMismatch(view);
  if (mismatch) findings.push(mismatch);
  const stale = staleEndpoints(view);
  if (stale) findings.push(stale);
  return findings;
}

/**
 * What clients see when a port has no usable endpoint: kube-proxy's filter REJECT ("<svc> has no
 * endpoints", pkg/proxy/iptables/proxier.go syncProxyRules), named on the nodes whose dump shows
 * it; a headless Service has no rules, its DNS name just has no addresses.
 */
function noEndpointEffect(view: ServiceView, service: ServiceReport, port: PortView): string {
  if (service.headless) return 'its DNS name resolves to no address';
  const name = `${service.namespace}/${service.name}`;
  const rejecting = view.dumps.filter((d) => d.services.some((r) => r.service === name && r.port === port.name && r.protocol === port.protocol.toLowerCase() && r.noEndpoints === 'reject'));
  const seen = rejecting.length > 0 ? `; the REJECT rule is on ${[...new Set(rejecting.map((d) => d.node))].join(', ')}` : '';
  return `connections are refused (kube-proxy REJECTs them${seen})`;
}

/**
 * Ready slice endpoints whose pod is gone. kube-proxy knows nothing of pods
 * (pkg/proxy/endpointslicecache.go), so it keeps sending them new connections until the
 * EndpointSlice controller catches up. Hand-written endpoints of a selector-less Service are not
 * stale, and without Pods in the input no pod can be said to be gone.
 */
function staleEndpoints(view: ServiceView): Finding | null {
  if (!view.service.spec?.selector || view.unknown.some((u) => u.kind === 'Pod')) return null;
  const stale = view.orphans.filter((o) => o.sliceEntries.some((e) => endpointState(e.endpoint).ready));
  if (stale.length === 0) return null;
  const items = stale.map((o) => {
    const gone = o.targetRef ? `${o.address} (${o.targetRef} not found)` : `${o.address} (no pod of the Service has it)`;
    const rules = o.ruleNodes.map((r) => `${r.share === null ? '' : `${formatShare(r.share)} of new connections `}on ${r.node}`).join(', ');
    return rules ? `${gone} still gets ${rules}` : gone;
  });
  return {
    code: 'StaleEndpoints',
    severity: 'warning',
    message: `ready in the EndpointSlices without a pod: ${items.join('; ')}. Those connections fail until the EndpointSlice controller catches up`,
  };
}

/**
 * Ready addresses that Endpoints and EndpointSlices disagree on, port by port. Truncation aside,
 * both controllers derive the same set: a pod whose named port does not resolve is in neither for
 * that port, and Endpoints holds only the Service's primary IP family (endpoints_controller.go
 * uses the pod IP of the first family; slices hold one family each).
 */
function endpointsMismatch(view: ServiceView): Finding | null {
  const endpoints = view.endpoints;
  if (!endpoints || view.unknown.some((u) => u.kind === 'EndpointSlice')) return null;
  if (endpoints.metadata.annotations?.[ANNOTATION_OVER_CAPACITY]) return null;
  const family = primaryFamily(view);
  const onlySlices = new Set<string>();
  const onlyEndpoints = new Set<string>();
  for (const port of view.ports) {
    const sliceReady = new Set(
      view.slices
        .filter((s) => s.addressType === family && sliceServesPort(s, port))
        .flatMap((s) => (s.endpoints ?? []).filter((e) => endpointState(e).ready).flatMap((e) => e.addresses)),
    );
    const endpointsReady = new Set(
      (endpoints.subsets ?? []).filter((s) => (s.ports ?? []).some((p) => (p.name ?? '') === port.name)).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)),
    );
    for (const a of sliceReady) if (!endpointsReady.has(a)) onlySlices.add(a);
    for (const a of endpointsReady) if (!sliceReady.has(a)) onlyEndpoints.add(a);
  }
  if (onlySlices.size === 0 && onlyEndpoints.size === 0) return null;
  const named = (ips: Set<string>) => [...ips].map((ip) => {
    const owner = view.pods.find((p) => p.ips.includes(ip));
    return owner ? `${ip} (${owner.pod.metadata.name})` : ip;
  }).join(', ');
  const parts = [
    onlyEndpoints.size ? `ready in Endpoints only: ${named(onlyEndpoints)}` : '',
    onlySlices.size ? `ready in EndpointSlices only: ${named(onlySlices)}` : '',
  ].filter(Boolean);
  return { code: 'EndpointsMismatch', severity: 'warning', message: `Endpoints and EndpointSlices disagree (${parts.join('; ')}); kube-proxy follows the slices` };
}

function primaryFamily(view: ServiceView): 'IPv4' | 'IPv6' {
  const declared = view.service.spec?.ipFamilies?.[0];
  if (declared) return declared;
  const ip = view.service.spec?.clusterIPs?.[0] ?? view.service.spec?.clusterIP;
  return ip && ip.includes(':') ? 'IPv6' : 'IPv4';
}

function podFindings({ view, service, pods }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  const podsKnown = !view.unknown.some((u) => u.kind === 'Pod');
  const selected = pods.filter((p) => p.selected);
  if (service.selector && podsKnown && selected.length === 0) {
    findings.push({ code: 'SelectorMatchesNoPods', severity: 'critical', message: `selector ${Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(',')} matches no pod in namespace ${service.namespace}` });
  }
  // Pods known only from endpoint targetRefs (Pods forbidden or not captured) declare no ports.
  const phantoms = new Set(view.pods.filter((v) => v.phantom).map((v) => v.pod.metadata.name));
  const real = selected.filter((p) => !phantoms.has(p.name));
  const unresolved = view.ports.filter((port) => typeof port.spec.targetPort === 'string' && real.length > 0 && real.every((p) => p.ports.find((pp) => pp.servicePort === port.label)?.targetPort === null));
  for (const port of unresolved) {
    findings.push({ code: 'NamedPortUnresolved', severity: 'critical', message: `targetPort "${String(port.spec.targetPort)}" of port ${port.label} is a name no selected pod declares` });
  }
  const probeless = view.pods.filter((p) => p.selected && !p.phantom).map(probelessServingContainers).filter((names) => names.length > 0);
  if (probeless.length > 0) {
    const names = [...new Set(probeless.flat())].join(', ');
    findings.push({ code: 'NoReadinessProbe', severity: 'info', message: `${probeless.length} of ${selected.length} pods serve from containers without a readiness probe (${names}): they get traffic as soon as they run` });
  }
  return findings;
}

function dataplaneFindings({ view, service, drifting }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  if (service.externalTrafficPolicy === 'Local' || service.internalTrafficPolicy === 'Local') {
    const which = [service.externalTrafficPolicy === 'Local' ? 'externalTrafficPolicy' : '', service.internalTrafficPolicy === 'Local' ? 'internalTrafficPolicy' : ''].filter(Boolean).join(' and ');
    findings.push({ code: 'TrafficPolicyLocal', severity: 'info', message: `${which} Local: a node sends that traffic only to endpoints on itself, and drops it when it has none` });
  }
  const name = `${service.namespace}/${service.name}`;
  for (const dump of view.dumps) {
    const dropping = dump.services.filter((r) => r.service === name && r.noEndpoints === 'drop');
    if (dropping.length > 0) findings.push(noLocalEndpoints(dump.node, dropping.map((r) => r.port || String(view.ports.find((p) => p.name === r.port)?.spec.port ?? '')), service));
    if (dump.warnings.length > 0) findings.push({ code: 'DumpWarnings', severity: 'info', message: `${dump.source}: ${dump.warnings.length} line(s) skipped, first at line ${dump.warnings[0]?.line}: ${dump.warnings[0]?.message}` });
  }
  const drift = dataplaneDrift(drifting, view.orphans, view.dumps);
  if (drift) findings.push(drift);
  return findings;
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

function unknownFindings({ view, service, pods }: FindingInput): Finding[] {
  // Nodes and Events only add detail; missing slices, Endpoints or Pods leave a link unknown.
  // An ExternalName Service has no endpoints at all, and without a selector pods do not matter.
  if (service.type === 'ExternalName') return [];
  // Events and Nodes only explain pods that are not Ready: with none, their absence changes nothing.
  const someNotReady = pods.some((p) => p.ready !== 'True');
  const relevant = view.unknown.filter((u) => (u.kind === 'Event' || u.kind === 'Node' ? service.selector && someNotReady : service.selector || u.kind !== 'Pod'));
  return relevant.map((u) => ({
    code: 'ResourceUnknown' as const,
    severity: u.kind === 'Node' || u.kind === 'Event' ? ('info' as const) : ('warning' as const),
    message: `${u.kind} ${u.why}: ${UNKNOWN_EFFECT[u.kind] ?? 'that link of the chain is unknown'}`,
  }));
}

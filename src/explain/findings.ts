/** Service-level findings, most severe first. Each one names what to look at next. */
import { ANNOTATION_OVER_CAPACITY } from '../kubernetes/objects.ts';
import type { ServiceView } from '../model/view.ts';
import { endpointState, sliceServesPort } from './routing.ts';
import type { PortRouting } from './routing.ts';
import type { Finding, PodReport, ServiceReport } from './types.ts';

interface FindingInput {
  view: ServiceView;
  service: ServiceReport;
  pods: PodReport[];
  routing: Map<string, Map<string, PortRouting>>;
  /** Pods whose rules on some node contradict the slices. */
  drifting: string[];
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
  const findings = [...kindFindings(input), ...endpointFindings(input), ...podFindings(input), ...dataplaneFindings(input), ...unknownFindings(input)];
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
        findings.push({ code: 'NoReadyEndpoints', severity: 'critical', message: `no ready endpoint${which}: connections are refused (kube-proxy REJECTs them)` });
      } else if (families.some((f) => f.mode === 'fallback')) {
        findings.push({ code: 'ServingTerminatingFallback', severity: 'warning', message: `no ready endpoint${which}: kube-proxy falls back to endpoints that are terminating but still serving` });
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
  return findings;
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
  const parts = [
    onlyEndpoints.size ? `ready in Endpoints only: ${[...onlyEndpoints].join(', ')}` : '',
    onlySlices.size ? `ready in EndpointSlices only: ${[...onlySlices].join(', ')}` : '',
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
  const unresolved = view.ports.filter((port) => typeof port.spec.targetPort === 'string' && selected.length > 0 && selected.every((p) => p.ports.find((pp) => pp.servicePort === port.label)?.targetPort === null));
  for (const port of unresolved) {
    findings.push({ code: 'NamedPortUnresolved', severity: 'critical', message: `targetPort "${String(port.spec.targetPort)}" of port ${port.label} is a name no selected pod declares` });
  }
  const probeless = view.pods.filter((p) => p.selected && !p.phantom && (p.pod.spec?.containers ?? []).length > 0 && p.readiness.containersWithoutProbe.length > 0);
  if (probeless.length > 0) {
    findings.push({ code: 'NoReadinessProbe', severity: 'info', message: `${probeless.length} of ${selected.length} pods have containers without a readiness probe (${[...new Set(probeless.flatMap((p) => p.readiness.containersWithoutProbe))].join(', ')}): they get traffic as soon as they run` });
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
    if (dropping.length > 0) findings.push({ code: 'NoLocalEndpoints', severity: 'warning', message: `${dump.node} has no local endpoint: it DROPs ${dropping.map((r) => r.port || 'the').join(', ')} port traffic that the Local policy keeps on the node` });
    if (dump.warnings.length > 0) findings.push({ code: 'DumpWarnings', severity: 'info', message: `${dump.source}: ${dump.warnings.length} line(s) skipped, first at line ${dump.warnings[0]?.line}: ${dump.warnings[0]?.message}` });
  }
  if (drifting.length > 0) findings.push({ code: 'DataplaneDrift', severity: 'warning', message: `kube-proxy rules disagree with the EndpointSlices for ${drifting.join(', ')}: a node has not synced` });
  return findings;
}

function unknownFindings({ view, service }: FindingInput): Finding[] {
  // Nodes and Events only add detail; missing slices, Endpoints or Pods leave a link unknown.
  // An ExternalName Service has no endpoints at all, and without a selector pods do not matter.
  if (service.type === 'ExternalName') return [];
  const relevant = view.unknown.filter((u) => service.selector || (u.kind !== 'Pod' && u.kind !== 'Event' && u.kind !== 'Node'));
  return relevant.map((u) => ({
    code: 'ResourceUnknown' as const,
    severity: u.kind === 'Node' || u.kind === 'Event' ? ('info' as const) : ('warning' as const),
    message: `${u.kind} ${u.why}: ${UNKNOWN_EFFECT[u.kind] ?? 'that link of the chain is unknown'}`,
  }));
}

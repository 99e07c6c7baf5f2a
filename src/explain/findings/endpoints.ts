/** What the EndpointSlices and the legacy Endpoints say about the Service as a whole. */
import { isKnown } from '../../model/snapshot.ts';
import { ANNOTATION_OVER_CAPACITY } from '../../kubernetes/objects.ts';
import { serviceKey } from '../../kubernetes/ref.ts';
import type { PortView, ServiceView } from '../../model/view.ts';
import { endpointState, sliceServesPort } from '../routing.ts';
import { formatShare } from '../share.ts';
import type { Finding, ServiceReport } from '../types.ts';
import type { FindingInput } from './input.ts';

export function endpointFindings({ view, service, routing }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  const slicesKnown = isKnown(view.unknown, 'EndpointSlice');
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
  const name = serviceKey(view.service);
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
  if (!view.service.spec?.selector || !isKnown(view.unknown, 'Pod')) return null;
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
  if (!endpoints || !isKnown(view.unknown, 'EndpointSlice')) return null;
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

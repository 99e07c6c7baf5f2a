/**
 * Topology hints: which endpoints each node's kube-proxy keeps cluster traffic on. kube-proxy
 * reads only the hints, never the Service's setting (KEP-3015 "kube-proxy does not look at the
 * actual TrafficDistribution value"): when every ready endpoint has a node hint and one names
 * this node, it uses those (PreferSameNode, alpha 1.33, beta 1.34, GA 1.35: the
 * PreferSameTrafficDistribution gate); else when every ready endpoint has a zone hint and one
 * names this node's zone, it uses those; else every endpoint (pkg/proxy/topology.go
 * topologyModeFromHints, availableForTopology). A pod that "receives" then gets nothing from
 * nodes elsewhere, by design; and one endpoint without a hint switches the hints off everywhere.
 * PreferClose is a deprecated alias of PreferSameZone (KEP-3015).
 */
import type { EndpointSliceEndpoint } from '../../kubernetes/objects.ts';
import type { PortView, ServiceView } from '../../model/view.ts';
import { nodeZone } from '../context.ts';
import { endpointState, routableSlices, sliceServesPort, topologyRouting } from '../routing.ts';
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const ANNOTATION_TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';

interface Ready {
  address: string;
  endpoint: EndpointSliceEndpoint;
}

export function topologyFindings({ view, service, pods }: FindingInput): Finding[] {
  if (service.headless || service.type === 'ExternalName' || service.internalTrafficPolicy === 'Local') return [];
  const name = (address: string) => pods.find((p) => p.ips.includes(address))?.shortName ?? address;
  const messages = new Set<string>();
  for (const port of view.ports) {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const ready = readyEndpoints(view, port, family);
      if (ready.length === 0) continue;
      const message = hintsMessage(view, port, family, ready, name);
      if (message) messages.add(message);
    }
  }
  return [...messages].map((message) => ({ code: 'TopologyHints' as const, severity: 'info' as const, message }));
}

function readyEndpoints(view: ServiceView, port: PortView, family: string): Ready[] {
  return routableSlices(view.slices)
    .filter((s) => s.addressType === family && sliceServesPort(s, port))
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.addresses?.[0] !== undefined && endpointState(e).ready)
    .map((endpoint) => ({ address: endpoint.addresses[0] ?? '', endpoint }));
}

/** What the Service asks for: `trafficDistribution PreferSameZone`, the topology-mode annotation, or nothing. */
function setting(view: ServiceView): string | null {
  const distribution = view.service.spec?.trafficDistribution;
  if (distribution) return `trafficDistribution ${distribution}${distribution === 'PreferClose' ? ' (a deprecated alias of PreferSameZone)' : ''}`;
  const annotations = view.service.metadata.annotations ?? {};
  const mode = annotations[ANNOTATION_TOPOLOGY_MODE] ?? annotations[ANNOTATION_TOPOLOGY_HINTS];
  if (mode && mode !== 'Disabled' && mode !== 'disabled') return `annotation ${annotations[ANNOTATION_TOPOLOGY_MODE] ? ANNOTATION_TOPOLOGY_MODE : ANNOTATION_TOPOLOGY_HINTS}=${mode}`;
  return null;
}

function hintsMessage(view: ServiceView, port: PortView, family: string, ready: readonly Ready[], name: (address: string) => string): string | null {
  const asked = setting(view);
  const byNode = ready.every((r) => (r.endpoint.hints?.forNodes ?? []).length > 0);
  const byZone = ready.every((r) => (r.endpoint.hints?.forZones ?? []).length > 0);
  const where = view.ports.length > 1 || family === 'IPv6' ? ` (port ${port.label}, ${family})` : '';
  if (!byNode && !byZone) {
    const bare = ready.filter((r) => (r.endpoint.hints?.forZones ?? []).length === 0).map((r) => name(r.address));
    if (!asked || bare.length === ready.length) return asked ? `${asked}${where}, but no ready endpoint carries a topology hint: kube-proxy spreads traffic over every endpoint` : null;
    return `${asked}${where}, but ${bare.length} of ${ready.length} ready endpoints carry no zone hint (${bare.join(', ')}): kube-proxy then ignores the hints and spreads traffic over every endpoint`;
  }
  const kind = byNode ? 'node' : 'zone';
  const hinted = (r: Ready) => (byNode ? r.endpoint.hints?.forNodes ?? [] : r.endpoint.hints?.forZones ?? []).map((h) => h.name);
  const groups = new Map<string, string[]>();
  for (const r of ready) for (const h of hinted(r)) groups.set(h, [...(groups.get(h) ?? []), name(r.address)]);
  const assignment = [...groups].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([h, names]) => `${h}: ${names.join(', ')}`).join('; ');
  const rule = byNode
    ? 'a node named by a node hint sends cluster traffic only to the endpoints hinted for it (kube-proxy 1.34+, or 1.33 with the PreferSameTrafficDistribution gate); other nodes fall back to zone hints, if every endpoint has one'
    : "a node sends cluster traffic only to the endpoints hinted for its zone, as long as one is; a node whose zone none is hinted for uses them all";
  return `${asked ? `${asked}: ` : ''}every ready endpoint carries a ${kind} hint${where}, so ${rule}. By ${kind}: ${assignment}${onDumps(view, port, family, ready, name)}`;
}

/** What each given node dump keeps out, by its zone (Node label, else its endpoints' zone). */
function onDumps(view: ServiceView, port: PortView, family: string, ready: readonly Ready[], name: (address: string) => string): string {
  const parts: string[] = [];
  for (const node of [...new Set(view.dumps.map((d) => d.node))]) {
    const zone = nodeZone(view, node);
    const kept = topologyRouting(view.slices, port, family, node, zone);
    if (kept === 'unknown') parts.push(`${node}: its zone is not in the input, so which endpoints it uses is unknown`);
    if (kept === null || kept === 'unknown') continue;
    const left = ready.filter((r) => !kept.has(r.address)).map((r) => name(r.address));
    if (left.length > 0) parts.push(`${node}${zone ? ` (zone ${zone})` : ''} sends nothing to ${left.join(', ')}`);
  }
  return parts.length > 0 ? `. ${parts.join('; ')}` : '';
}

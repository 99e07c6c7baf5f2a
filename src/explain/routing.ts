/**
 * Which endpoints kube-proxy load-balances a service port over, cluster-wide, per address family
 * (each family has its own proxier). pkg/proxy/endpointslicecache.go newEndpointSliceInfo reads the
 * conditions as ready = Ready==nil || *Ready, serving = Serving==nil || *Serving, terminating =
 * Terminating!=nil && *Terminating, and uses only an endpoint's first address (addEndpoints:
 * Addresses[0]); pkg/proxy/topology.go CategorizeEndpoints then uses the ready endpoints, and only
 * when there are none, falls back to serving-and-terminating ones. FQDN slices are ignored by
 * kube-proxy.
 */
import type { EndpointSlice, EndpointSliceEndpoint, Service } from '../kubernetes/objects.ts';
import type { PortView } from '../model/view.ts';

export type RoutingMode = 'ready' | 'fallback' | 'none';

export interface PortRouting {
  mode: RoutingMode;
  /** "address" of every endpoint in the routed set. */
  addresses: Set<string>;
  readyCount: number;
}

export interface EndpointState {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export function endpointState(endpoint: EndpointSliceEndpoint): EndpointState {
  const c = endpoint.conditions ?? {};
  // A nil serving reads as true, not as "same as ready": a mirrored endpoint with only ready=false
  // and terminating=true still counts as serving-terminating for the fallback.
  return { ready: c.ready ?? true, serving: c.serving ?? true, terminating: c.terminating ?? false };
}

export function sliceServesPort(slice: EndpointSlice, port: PortView): boolean {
  return (slice.ports ?? []).some((p) => (p.name ?? '') === port.name && (p.protocol ?? 'TCP') === port.protocol);
}

/**
 * Where CategorizeEndpoints files an endpoint: ready ones are routed to; serving-and-terminating
 * ones only as the fallback when none is ready; terminating ones that stopped serving, and
 * not-ready ones that are not terminating (a mirrored notReadyAddress carries ready=false alone,
 * endpointslicemirroring/utils.go addressToEndpoint), never.
 */
export type EndpointCategory = 'ready' | 'servingTerminating' | 'terminating' | 'notReady';

export function endpointCategory(endpoint: EndpointSliceEndpoint): EndpointCategory {
  const state = endpointState(endpoint);
  if (state.ready) return 'ready';
  if (state.serving && state.terminating) return 'servingTerminating';
  return state.terminating ? 'terminating' : 'notReady';
}

/** The slices kube-proxy reads: it ignores FQDN ones. */
export function routableSlices(slices: readonly EndpointSlice[]): EndpointSlice[] {
  return slices.filter((s) => s.addressType !== 'FQDN');
}

/** Ready and serving-terminating first addresses of the endpoints `include` accepts, per family. */
function candidates(slices: readonly EndpointSlice[], port: PortView, include: (e: EndpointSliceEndpoint) => boolean): Map<string, { ready: string[]; fallback: string[] }> {
  const byFamily = new Map<string, { ready: string[]; fallback: string[] }>();
  for (const slice of routableSlices(slices)) {
    if (!sliceServesPort(slice, port)) continue;
    const sets = byFamily.get(slice.addressType) ?? { ready: [], fallback: [] };
    byFamily.set(slice.addressType, sets);
    for (const endpoint of slice.endpoints ?? []) {
      const address = endpoint.addresses?.[0];
      if (address === undefined || !include(endpoint)) continue;
      const category = endpointCategory(endpoint);
      if (category === 'ready') sets.ready.push(address);
      else if (category === 'servingTerminating') sets.fallback.push(address);
    }
  }
  return byFamily;
}

/** Routing per family ("IPv4"/"IPv6") for one service port. */
export function portRouting(slices: readonly EndpointSlice[], port: PortView): Map<string, PortRouting> {
  const routing = new Map<string, PortRouting>();
  for (const [family, sets] of candidates(slices, port, () => true)) {
    const mode: RoutingMode = sets.ready.length > 0 ? 'ready' : sets.fallback.length > 0 ? 'fallback' : 'none';
    const addresses = new Set(mode === 'ready' ? sets.ready : mode === 'fallback' ? sets.fallback : []);
    routing.set(family, { mode, addresses, readyCount: sets.ready.length });
  }
  return routing;
}

/**
 * The endpoints one node's Local-policy chain (KUBE-SVL) uses, per family: the ready endpoints on
 * that node, else its serving-and-terminating ones (CategorizeEndpoints decides this per node,
 * independently of the cluster-wide fallback). "On that node" is the endpoint's nodeName.
 */
export function localRouting(slices: readonly EndpointSlice[], port: PortView, node: string): Map<string, Set<string>> {
  const byFamily = candidates(slices, port, (endpoint) => endpoint.nodeName === node);
  return new Map([...byFamily].map(([family, sets]) => [family, new Set(sets.ready.length > 0 ? sets.ready : sets.fallback)] as const));
}

/**
 * Whether kube-proxy uses Local-policy endpoints for the service at all: internalTrafficPolicy
 * Local, or externalTrafficPolicy Local, which only NodePort and LoadBalancer Services honour
 * (pkg/proxy/serviceport.go UsesLocalEndpoints, pkg/apis/core/v1/helper ExternalPolicyLocal).
 */
export function usesLocalEndpoints(service: Service): boolean {
  const spec = service.spec ?? {};
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  return spec.internalTrafficPolicy === 'Local' || (external && spec.externalTrafficPolicy === 'Local');
}

/**
 * The ready endpoints one node's cluster chain keeps when topology hints apply there
 * (pkg/proxy/topology.go topologyModeFromHints, availableForTopology): PreferSameNode when every
 * ready endpoint has node hints and one names this node; else PreferSameZone when every ready
 * endpoint has zone hints and one names this node's zone. null when no hint mode applies;
 * 'unknown' when every endpoint has zone hints but the node's zone is not known.
 */
export function topologyRouting(slices: readonly EndpointSlice[], port: PortView, family: string, node: string, zone: string | null): Set<string> | 'unknown' | null {
  const ready = slices
    .filter((s) => s.addressType === family && sliceServesPort(s, port))
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.addresses?.[0] !== undefined && endpointState(e).ready);
  if (ready.length === 0) return null;
  const kept = (test: (e: EndpointSliceEndpoint) => boolean) => new Set(ready.filter(test).map((e) => e.addresses[0] ?? ''));
  const forNode = (e: EndpointSliceEndpoint) => (e.hints?.forNodes ?? []).some((n) => n.name === node);
  if (ready.every((e) => (e.hints?.forNodes ?? []).length > 0) && ready.some(forNode)) return kept(forNode);
  if (!ready.every((e) => (e.hints?.forZones ?? []).length > 0)) return null;
  if (zone === null) return 'unknown';
  const forZone = (e: EndpointSliceEndpoint) => (e.hints?.forZones ?? []).some((z) => z.name === zone);
  return ready.some(forZone) ? kept(forZone) : null;
}

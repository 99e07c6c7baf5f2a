/**
 * Which endpoints kube-proxy load-balances a service port over, cluster-wide, per address family
 * (each family has its own proxier). pkg/proxy/endpointslicecache.go reads the conditions as
 * ready = Ready==nil || *Ready, serving = Serving==nil ? ready : *Serving, terminating =
 * Terminating!=nil && *Terminating; pkg/proxy/topology.go CategorizeEndpoints then uses the ready
 * endpoints, and only when there are none, falls back to serving-and-terminating ones. FQDN slices
 * are ignored by kube-proxy.
 */
import type { EndpointSlice, EndpointSliceEndpoint } from '../kubernetes/objects.ts';
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
  const ready = c.ready ?? true;
  return { ready, serving: c.serving ?? ready, terminating: c.terminating ?? false };
}

export function sliceServesPort(slice: EndpointSlice, port: PortView): boolean {
  return (slice.ports ?? []).some((p) => (p.name ?? '') === port.name && (p.protocol ?? 'TCP') === port.protocol);
}

/** Routing per family ("IPv4"/"IPv6") for one service port. */
export function portRouting(slices: readonly EndpointSlice[], port: PortView): Map<string, PortRouting> {
  const byFamily = new Map<string, { ready: string[]; fallback: string[] }>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN' || !sliceServesPort(slice, port)) continue;
    const sets = byFamily.get(slice.addressType) ?? { ready: [], fallback: [] };
    byFamily.set(slice.addressType, sets);
    for (const endpoint of slice.endpoints ?? []) {
      const state = endpointState(endpoint);
      if (state.ready) sets.ready.push(...endpoint.addresses);
      else if (state.serving && state.terminating) sets.fallback.push(...endpoint.addresses);
    }
  }
  const routing = new Map<string, PortRouting>();
  for (const [family, sets] of byFamily) {
    const mode: RoutingMode = sets.ready.length > 0 ? 'ready' : sets.fallback.length > 0 ? 'fallback' : 'none';
    const addresses = new Set(mode === 'ready' ? sets.ready : mode === 'fallback' ? sets.fallback : []);
    routing.set(family, { mode, addresses, readyCount: sets.ready.length });
  }
  return routing;
}

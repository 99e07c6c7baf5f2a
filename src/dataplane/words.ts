/**
 * How each dataplane is named in what a person reads: who writes a node's service routing, what
 * the per-endpoint rule is called there, the short tag a table column carries, and why a share of
 * new connections is unknown. One wording for `rules` and `explain`, so that an IPVS or Cilium
 * node is never described with kube-proxy's iptables words (no "KUBE-SEP" for a Cilium backend).
 */
import type { BackendState, Dataplane, EndpointShare, ServicePortRules } from './types.ts';

/** Who keeps the node's service routing, and whose log says why it is behind. */
export const DATAPLANE_AGENT: Record<Dataplane, string> = {
  iptables: 'kube-proxy',
  nftables: 'kube-proxy',
  ipvs: 'kube-proxy',
  cilium: 'Cilium',
};

/** The agent with its mode, for a sentence: `kube-proxy (IPVS mode)`. */
export const DATAPLANE_MODE: Record<Dataplane, string> = {
  iptables: 'kube-proxy (iptables mode)',
  nftables: 'kube-proxy (nftables mode)',
  ipvs: 'kube-proxy (IPVS mode)',
  cilium: "Cilium's kube-proxy replacement",
};

/**
 * What sends one endpoint its traffic there: iptables' KUBE-SEP chain; nftables' `endpoint-…`
 * chain (1.30 to 1.35) or the service chain's DNAT map element (1.36+, where endpoint chains are
 * gone); an IPVS real server; a Cilium backend.
 */
export const ENDPOINT_RULE: Record<Dataplane, string> = {
  iptables: 'KUBE-SEP rule',
  nftables: 'endpoint-… chain or DNAT map element',
  ipvs: 'IPVS real server',
  cilium: 'Cilium backend',
};

/** A node column's tag in `explain`'s table; iptables, kube-proxy's default mode, has none. */
export const COLUMN_TAG: Record<Dataplane, string> = { iptables: '', nftables: 'nft', ipvs: 'ipvs', cilium: 'cilium' };

/**
 * Why an endpoint gets no new connections although the dump lists it, in the dump's own words:
 * Cilium's backend states (pkg/loadbalancer/loadbalancer.go BackendState), IPVS weight 0
 * ("quiescent", ipvsadm(8) -w). null when nothing holds it back.
 */
export function heldBack(endpoint: EndpointShare, activeLeft: boolean): string | null {
  if (endpoint.state !== undefined && endpoint.state !== 'active') {
    if (endpoint.state === 'terminating' && (!activeLeft || endpoint.share !== 0)) return null;
    return endpoint.state;
  }
  return endpoint.weight === 0 ? 'weight 0' : null;
}

/** Whether any endpoint of the list is active (Cilium) or has no state: terminating ones then wait. */
export function hasActive(list: readonly EndpointShare[]): boolean {
  return list.some((endpoint) => endpoint.state === undefined || endpoint.state === 'active');
}

/** One clause per Cilium state or IPVS weight 0: what the dataplane does with such an endpoint. */
export const HELD_MEANING: Record<BackendState | 'weight 0', string> = {
  active: 'selected for new connections',
  maintenance: 'kept, but gets no new connections',
  quarantined: 'its health check failed: kept for open connections, no new ones',
  terminating: 'used only when no active backend is left',
  'terminating-not-serving': 'kept for open connections only, never a fallback',
  'weight 0': 'quiescent: it drains open connections and gets no new ones',
};

/** Schedulers whose share of new connections follows from the table alone (kubeproxy/ipvs/shares.ts). */
const TABLE_SCHEDULERS = new Set(['rr', 'wrr']);

/** Why the shares of an entry are unknown (some endpoint's share is null), for the rules table. */
export function unknownShareReason(entry: ServicePortRules, dataplane: Dataplane): string {
  if (dataplane === 'ipvs') {
    if (entry.scheduler === undefined) return 'no scheduler in this listing';
    if (decidesByLoad(entry.scheduler)) return schedulerByLoad(entry.scheduler);
    if ((entry.endpoints ?? []).some((endpoint) => endpoint.weight === undefined)) return 'no weights in this listing';
    return 'real servers partly in dump';
  }
  if (dataplane === 'cilium') return "this dump does not show Cilium's selection";
  return 'chain partly in dump';
}

/** `scheduler lc picks by load or client`: IPVS schedulers other than rr and wrr. */
export function schedulerByLoad(scheduler: string): string {
  return `scheduler ${scheduler} picks by load or by client`;
}

/** Whether an IPVS scheduler decides by load or client, so that the table alone gives no share. */
export function decidesByLoad(scheduler: string | undefined): boolean {
  return scheduler !== undefined && !TABLE_SCHEDULERS.has(scheduler);
}

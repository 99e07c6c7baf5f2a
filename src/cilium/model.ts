/**
 * Cilium's service table as its dumps show it: frontends (an address, port, protocol and lookup
 * scope), each with its backends. `cilium-dbg service list`, its `-o json` form and `cilium-dbg
 * bpf lb list` all read into this one model.
 */
import type { BackendState, ServiceProtocol } from '../dataplane/types.ts';

export type Scope = 'external' | 'internal';

export interface CiliumAddress {
  ip: string;
  port: number;
  protocol: ServiceProtocol;
  /**
   * Lookup scope (pkg/loadbalancer ScopeExternal / ScopeInternal, printed `/i`): a frontend with
   * two scopes has one backend list for traffic from outside the node and one for traffic from
   * the node's own pods, one of them node-local.
   */
  scope: Scope;
}

export interface CiliumBackend {
  /** null: a BPF service slot points at a backend ID missing from the backend map. */
  ip: string | null;
  port: number | null;
  /** undefined where the dump prints no state (agents before backend states, `bpf lb list`). */
  state?: BackendState;
  weight?: number;
  preferred?: boolean;
  node?: string;
}

/** Traffic policies as the JSON flags or the BPF master entry's flags name them. */
export interface TrafficPolicy {
  externalLocal: boolean;
  internalLocal: boolean;
}

export interface CiliumFrontend {
  address: CiliumAddress;
  /** The type as printed (ClusterIP, NodePort, ... with ` (Remote)`); null where not printed. */
  kind: string | null;
  /** "namespace/name" where the dump names the Service (JSON flags). */
  service: string | null;
  backends: CiliumBackend[];
  /** Whether every backend of the frontend is in the dump (a header-led listing, or JSON). */
  whole: boolean;
  /** Whether the backend list's selection can be computed: states and active count are shown. */
  selectable: boolean;
  policy: TrafficPolicy | null;
  /**
   * The frontend is served by Cilium's L7 proxy (Envoy) for a Gateway, Ingress or L7 policy
   * (master flag `l7-load-balancer`): which backend gets a request is Envoy's choice, not in the dump.
   */
  l7Proxy?: boolean;
  offset: number;
}

/** Frontends in dump order, keyed by address; a frontend listed again replaces the earlier one. */
export class CiliumTable {
  readonly frontends = new Map<string, CiliumFrontend>();
  /** The listing's header was seen, so every frontend of the table is there. */
  sawHeader = false;
  /** A frontend line was skipped: the table read is not the whole table. */
  skippedFrontend = false;

  add(frontend: CiliumFrontend): CiliumFrontend | undefined {
    const key = addressKey(frontend.address);
    const earlier = this.frontends.get(key);
    if (earlier !== undefined) this.frontends.delete(key);
    this.frontends.set(key, frontend);
    return earlier;
  }
}

export function addressKey(address: CiliumAddress): string {
  const host = address.ip.includes(':') ? `[${address.ip}]` : address.ip;
  return `${host}:${address.port}/${address.protocol}${address.scope === 'internal' ? '/i' : ''}`;
}

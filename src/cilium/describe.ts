/**
 * Cilium frontends as ServicePortRules entries: one entry per address, port and protocol, with
 * the external and internal lookup scopes of that address joined into one entry.
 *
 * Traffic policy Local: Cilium gives a frontend with Local policy only the node's own backends
 * (pkg/loadbalancer: SvcExtLocal / SvcIntLocal flags), and when the external and internal policies
 * differ on a NodePort, LoadBalancer or ExternalIPs frontend it keeps two scopes for it
 * (NewSvcFlag: `two-scopes` when `SvcExtLocal != SvcIntLocal` and the type is not ClusterIP):
 * the external scope serves traffic from outside the node, the internal scope (`/i`) the node's
 * own pods. The node-local list goes to `localEndpoints`, the cluster-wide one to `endpoints`:
 * - JSON (flags extTrafficPolicy / intTrafficPolicy) and `bpf lb list` (master flags `Local`,
 *   `InternalLocal`) say which list is local;
 * - the table says nothing of policy, but of two scopes the local list is the one contained in
 *   the other (the node's backends are among all backends); two equal lists are both.
 * Without either, a single list is `endpoints`: whether it was cut to local backends is unknown.
 *
 * HostPort frontends are pods' hostPort mappings, not Services: left out, and counted once.
 */
import type { EndpointShare, Frontend, FrontendType, ServicePortRules } from '../dataplane/types.ts';
import type { WarningLog } from '../kubeproxy/iptables/warningLog.ts';
import type { CiliumBackend, CiliumFrontend, CiliumTable } from './model.ts';
import { ciliumShares } from './shares.ts';

const TYPES: Record<string, FrontendType> = { ClusterIP: 'clusterIP', NodePort: 'nodePort', LoadBalancer: 'loadBalancer', ExternalIPs: 'externalIP' };
const EXTERNAL_TYPES = new Set(['NodePort', 'LoadBalancer', 'ExternalIPs']);

interface Scopes {
  /** The frontend seen first: it names the entry. */
  first: CiliumFrontend;
  external?: CiliumFrontend;
  internal?: CiliumFrontend;
}

export function describeFrontends(table: CiliumTable, log: WarningLog): ServicePortRules[] {
  const groups = new Map<string, Scopes>();
  let hostPorts = 0;
  for (const frontend of table.frontends.values()) {
    if (baseKind(frontend) === 'HostPort') {
      if (hostPorts++ === 0) log.warn(frontend.offset, 'HostPort frontends left out: they are pods\u2019 hostPort mappings, not Services');
      continue;
    }
    const { ip, port, protocol, scope } = frontend.address;
    const key = `${ip} ${port} ${protocol}`;
    const scopes = groups.get(key) ?? { first: frontend };
    scopes[scope] = frontend;
    groups.set(key, scopes);
  }
  return [...groups.values()].map((scopes) => describeGroup(scopes, log));
}

function describeGroup(scopes: Scopes, log: WarningLog): ServicePortRules {
  const first = scopes.external ?? scopes.first;
  const lists: Lists = first.l7Proxy === true ? { clusterIPChain: null } : splitLists(scopes, log);
  if (first.l7Proxy === true) log.warn(first.offset, 'served by Cilium\u2019s L7 proxy (Envoy): the backend of each request is the proxy\u2019s choice, not in this dump');
  const entry: ServicePortRules = {
    service: first.service ?? scopes.internal?.service ?? null,
    port: null,
    protocol: first.address.protocol,
    frontends: [frontendOf(first)],
    endpoints: lists.cluster === undefined ? null : endpointShares(lists.cluster),
    localEndpoints: lists.local === undefined ? null : endpointShares(lists.local),
    clusterIPChain: lists.clusterIPChain,
    noEndpoints: null,
    affinitySeconds: null,
    chains: [],
  };
  return entry;
}

interface Lists {
  cluster?: CiliumFrontend;
  local?: CiliumFrontend;
  clusterIPChain: ServicePortRules['clusterIPChain'];
}

function splitLists({ first, external, internal }: Scopes, log: WarningLog): Lists {
  if (external === undefined || internal === undefined) return singleScope(first);
  const policy = external.policy ?? internal.policy;
  if (policy !== null) {
    if (policy.externalLocal && !policy.internalLocal) return { local: external, cluster: internal, clusterIPChain: null };
    if (policy.internalLocal && !policy.externalLocal) return { local: internal, cluster: external, clusterIPChain: null };
  }
  const outside = addresses(external.backends);
  const inside = addresses(internal.backends);
  if (contains(inside, outside)) return { local: external, cluster: internal, clusterIPChain: null };
  if (contains(outside, inside)) return { local: internal, cluster: external, clusterIPChain: null };
  log.warn(external.offset, 'the external and internal scopes of this frontend have backend lists that do not nest: which one is node-local is unknown');
  return { clusterIPChain: null };
}

function singleScope(frontend: CiliumFrontend): Lists {
  const kind = baseKind(frontend);
  const policy = frontend.policy;
  if (policy === null) return { cluster: frontend, clusterIPChain: null };
  if (kind === 'ClusterIP') return policy.internalLocal ? { local: frontend, clusterIPChain: 'local' } : { cluster: frontend, clusterIPChain: 'cluster' };
  const local = frontend.address.scope === 'internal' ? policy.internalLocal : policy.externalLocal;
  if (local && EXTERNAL_TYPES.has(kind ?? '')) return { local: frontend, clusterIPChain: null };
  return { cluster: frontend, clusterIPChain: null };
}

function endpointShares(frontend: CiliumFrontend): EndpointShare[] {
  const shares = frontend.selectable ? ciliumShares(frontend.backends, frontend.whole) : frontend.backends.map(() => null);
  return frontend.backends.map((backend, i) => endpointOf(backend, shares[i] ?? null));
}

function endpointOf(backend: CiliumBackend, share: number | null): EndpointShare {
  const endpoint: EndpointShare = { ip: backend.ip, port: backend.port, share, chain: null };
  if (backend.state !== undefined) endpoint.state = backend.state;
  if (backend.weight !== undefined) endpoint.weight = backend.weight;
  if (backend.node !== undefined) endpoint.node = backend.node;
  return endpoint;
}

function frontendOf(frontend: CiliumFrontend): Frontend {
  const kind = baseKind(frontend);
  const type = TYPES[kind ?? ''] ?? 'unknown';
  const { ip, port } = frontend.address;
  // A NodePort frontend on the unspecified address listens on every node address (the BPF
  // reconciler expands it per node address; IsSurrogate).
  const anyAddress = type === 'nodePort' && (ip === '0.0.0.0' || ip === '::');
  const out: Frontend = { type, ip: anyAddress ? null : ip, port };
  if (frontend.kind !== null) out.kind = frontend.kind;
  return out;
}

function baseKind(frontend: CiliumFrontend): string | null {
  return frontend.kind === null ? null : frontend.kind.replace(/ \(Remote\)$/, '');
}

function addresses(backends: readonly CiliumBackend[]): Set<string> {
  return new Set(backends.map((backend) => `${backend.ip} ${backend.port}`));
}

/** Whether every member of `small` is in `big`. */
function contains(big: Set<string>, small: Set<string>): boolean {
  for (const member of small) if (!big.has(member)) return false;
  return true;
}

/**
 * A dump that names no Service (ipvsadm, Cilium's tables; Cilium's JSON names the Service but not
 * the port) made into the same shape as one that does: its entries reached at one of the Service's
 * addresses become the Service's ports, one entry per service port and IP family, so that every
 * rule of the explanation reads every dataplane alike.
 *
 * One service port has several frontends there (a cluster IP, external and load-balancer IPs, a
 * node port on each node address), each with its own list. Which list is which follows the
 * Service, as kube-proxy and Cilium decide it:
 * - the cluster IP's list is the cluster-wide one, or the node-local one under
 *   internalTrafficPolicy Local; the other frontends' lists are the cluster-wide one, or the
 *   node-local one under externalTrafficPolicy Local (pkg/proxy/ipvs/proxier.go syncService /
 *   syncEndpoint, onlyNodeLocalEndpoints; Cilium's SvcIntLocal / SvcExtLocal);
 * - a list that should be node-local is taken as such only when every endpoint in it is known to
 *   run on the dump's node: with no local endpoint, kube-proxy in IPVS mode gives the virtual
 *   server every endpoint instead (syncEndpoint, "kubernetes/kubernetes#97081"), so a list with
 *   remote endpoints says nothing of the local ones (null: unknown).
 * Frontends of one kind should hold the same list; the first is used, and a dump whose lists
 * differ says so in a warning.
 */
import { formatAddressPort } from '../dataplane/address.ts';
import type { DumpWarning, EndpointShare, Frontend, NodeRules, ServicePortRules } from '../dataplane/types.ts';
import type { Service, ServicePort } from '../kubernetes/objects.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import { frontendRole, type FrontendRole } from './frontends.ts';

export interface AttributionContext {
  /** Addresses of the input's nodes (status.addresses): where an untyped node-port frontend may listen. */
  nodeAddresses: ReadonlySet<string>;
  /** Endpoint addresses known to run on a node (slices' nodeName, pods' nodeName). */
  addressesOn: (node: string) => ReadonlySet<string>;
}

/** Nothing known of nodes: only the Service's own addresses and node ports on no address match. */
export const NO_NODES: AttributionContext = { nodeAddresses: new Set(), addressesOn: () => new Set() };

interface Match {
  entry: ServicePortRules;
  frontend: Frontend;
  role: FrontendRole;
}

type Family = 'ipv4' | 'ipv6';

/** `dump` with the entries reached at the Service's addresses made into its service ports. */
export function attributeDump(dump: NodeRules, service: Service, context: AttributionContext): NodeRules {
  const key = serviceKey(service);
  if (dump.services.every((entry) => entry.port !== null)) return dump;
  const groups = new Map<string, { port: ServicePort; family: Family; matches: Match[] }>();
  const kept: ServicePortRules[] = [];
  for (const entry of dump.services) {
    if (entry.port !== null || (entry.service !== null && entry.service !== key)) {
      kept.push(entry);
      continue;
    }
    let matched = false;
    for (const port of service.spec?.ports ?? []) {
      for (const frontend of entry.frontends) {
        const role = frontendRole(frontend, entry.protocol, port, service, context.nodeAddresses);
        if (role === null) continue;
        const family = familyOf(frontend, entry);
        const id = `${port.name ?? ''}/${port.protocol ?? 'TCP'}/${family}`;
        const group = groups.get(id) ?? { port, family, matches: [] };
        group.matches.push({ entry, frontend, role });
        groups.set(id, group);
        matched = true;
      }
    }
    if (!matched) kept.push(entry);
  }
  const warnings: DumpWarning[] = [];
  const attributed = [...groups.values()].map((group) => servicePortEntry(key, group, service, context.addressesOn(dump.node), warnings));
  return { ...dump, services: [...attributed, ...kept], warnings: [...dump.warnings, ...warnings] };
}

function familyOf(frontend: Frontend, entry: ServicePortRules): Family {
  const ip = frontend.ip ?? entry.endpoints?.find((e) => e.ip !== null)?.ip ?? entry.localEndpoints?.find((e) => e.ip !== null)?.ip ?? '';
  return ip.includes(':') ? 'ipv6' : 'ipv4';
}

function servicePortEntry(key: string, group: { port: ServicePort; family: Family; matches: Match[] }, service: Service, local: ReadonlySet<string>, warnings: DumpWarning[]): ServicePortRules {
  const { port, family, matches } = group;
  const spec = service.spec ?? {};
  const internalLocal = spec.internalTrafficPolicy === 'Local';
  const externalLocal = (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && spec.externalTrafficPolicy === 'Local';
  const clusterLists: Candidate[] = [];
  const localLists: Candidate[] = [];
  for (const match of sortMatches(matches)) {
    const { entry } = match;
    if (entry.localEndpoints !== null) {
      // The dump itself says which list is node-local (Cilium's JSON flags, bpf lb list, two scopes).
      localLists.push({ match, list: entry.localEndpoints });
      if (entry.endpoints !== null) clusterLists.push({ match, list: entry.endpoints });
      continue;
    }
    const policyLocal = match.role === 'clusterIP' ? internalLocal : externalLocal;
    if (!policyLocal) clusterLists.push({ match, list: entry.endpoints });
    else if (entry.endpoints !== null && entry.endpoints.every((e) => e.ip !== null && local.has(e.ip))) localLists.push({ match, list: entry.endpoints });
  }
  const cluster = pick(clusterLists, warnings, 'cluster-wide');
  const chosen = pick(localLists, warnings, 'node-local');
  const first = cluster?.match ?? chosen?.match ?? sortMatches(matches)[0];
  const hasClusterIP = matches.some((m) => m.role === 'clusterIP');
  const result: ServicePortRules = {
    service: key,
    port: port.name ?? '',
    protocol: (port.protocol ?? 'TCP').toLowerCase() as ServicePortRules['protocol'],
    frontends: sortMatches(matches).map(({ frontend, role }) => ({ ...frontend, type: role })),
    endpoints: cluster?.list ?? null,
    localEndpoints: chosen?.list ?? null,
    clusterIPChain: hasClusterIP ? (internalLocal ? 'local' : 'cluster') : null,
    noEndpoints: matches.find((m) => m.entry.noEndpoints !== null)?.entry.noEndpoints ?? null,
    affinitySeconds: matches.find((m) => m.entry.affinitySeconds !== null)?.entry.affinitySeconds ?? null,
    chains: [],
    family,
  };
  const scheduler = first?.entry.scheduler;
  if (scheduler !== undefined) result.scheduler = scheduler;
  return result;
}

interface Candidate {
  match: Match;
  list: EndpointShare[] | null;
}

const ROLE_ORDER: Record<FrontendRole, number> = { clusterIP: 0, loadBalancer: 1, externalIP: 2, nodePort: 3 };

/** Cluster IP first (the list explain reports), then the others, each by address. */
function sortMatches(matches: readonly Match[]): Match[] {
  return [...matches].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.frontend.ip ?? '').localeCompare(b.frontend.ip ?? ''));
}

/** The first known list; a warning when another frontend's list differs from it. */
function pick(candidates: readonly Candidate[], warnings: DumpWarning[], what: string): Candidate | undefined {
  const known = candidates.filter((c) => c.list !== null);
  const first = known[0] ?? candidates[0];
  if (first === undefined) return undefined;
  const differing = known.filter((c) => c !== first && !sameList(c.list, first.list));
  if (differing.length > 0) {
    const names = differing.map((c) => address(c.match.frontend)).join(', ');
    warnings.push({ line: 0, message: `the ${what} lists at ${names} differ from the one at ${address(first.match.frontend)}, which the explanation uses` });
  }
  return first;
}

function address(frontend: Frontend): string {
  return frontend.ip === null ? `node port ${frontend.port}` : formatAddressPort(frontend.ip, frontend.port);
}

function sameList(a: EndpointShare[] | null, b: EndpointShare[] | null): boolean {
  const text = (list: EndpointShare[] | null) => JSON.stringify((list ?? []).map((e) => [e.ip, e.port, e.share, e.state ?? null, e.weight ?? null]).sort());
  return text(a) === text(b);
}

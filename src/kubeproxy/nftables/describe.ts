/**
 * Turns what the readers gathered into one ServicePortRules per service port and table, the way
 * kube-proxy wrote them (pkg/proxy/nftables/proxier.go syncProxyRules):
 *
 * - endpoints: the service- chain (Cluster policy); localEndpoints: the local- chain (Local);
 * - clusterIPChain: where the cluster IP's service-ips element goes (local- with
 *   internalTrafficPolicy Local);
 * - noEndpoints: no-endpoint elements, `goto reject-chain` when the service has no endpoint at all
 *   and `drop` when a Local policy has none on this node;
 * - affinitySeconds: the timeout of the port's affinity-… sets (its sessionAffinity timeout).
 *
 * In a complete table a port that no element leads to is stale (kube-proxy flushes such chains and
 * deletes them a second later), and its endpoint chains are orphans.
 */
import type { EndpointShare, NodeRules, ServicePortRules } from '../../dataplane/types.ts';
import type { WarningLog } from '../iptables/warningLog.ts';
import { frontendsOf } from './frontends.ts';
import { collectGroups, POLICY_KINDS, type PortGroup } from './groups.ts';
import { isWhole, type TableModel } from './model.ts';
import { parseKubeProxyName } from './names.ts';
import { endpointAddress, readPolicyChain } from './policy.ts';

export interface Described {
  services: ServicePortRules[];
  orphanEndpoints: NodeRules['orphanEndpoints'];
}

export function describeTable(table: TableModel, log: WarningLog): Described {
  const whole = isWhole(table);
  const services: ServicePortRules[] = [];
  const used = new Set<string>();
  for (const group of collectGroups(table, log).values()) {
    if (whole && group.elements.length === 0) continue; // stale: nothing leads to it
    const described = describePort(group, table, whole, log);
    services.push(described.port);
    for (const chain of described.endpointChains) used.add(chain);
  }
  return { services, orphanEndpoints: orphans(table, used) };
}

function describePort(group: PortGroup, table: TableModel, whole: boolean, log: WarningLog): { port: ServicePortRules; endpointChains: string[] } {
  const read = (kind: 'service' | 'local') => {
    const name = group.chains.get(kind);
    return name === undefined ? null : readPolicyChain(table, name, whole, log);
  };
  const cluster = read('service');
  const local = read('local');
  for (const kind of ['service', 'local', 'external'] as const) warnUndefined(group, kind, table, whole, log);
  const verdicts = group.elements.map(({ element }) => element.verdict.kind);
  const noEndpoints = verdicts.includes('reject') ? 'reject' : verdicts.includes('drop') ? 'drop' : null;
  const port: ServicePortRules = {
    service: group.port.service,
    port: group.port.port,
    protocol: group.port.protocol,
    frontends: frontendsOf(group, table),
    endpoints: cluster?.endpoints ?? (whole || noEndpoints === 'reject' ? [] : null),
    localEndpoints: local?.endpoints ?? (noEndpoints === 'drop' ? [] : null),
    clusterIPChain: clusterIPChainOf(group),
    noEndpoints,
    affinitySeconds: affinityOf(group, table),
    chains: POLICY_KINDS.flatMap((kind) => group.chains.get(kind) ?? []),
  };
  const family = familyOf(table, port);
  if (family !== null) port.family = family;
  return { port, endpointChains: [...(cluster?.endpointChains ?? []), ...(local?.endpointChains ?? [])] };
}

/** An element leading to a chain a complete table does not define: kube-proxy never leaves one. */
function warnUndefined(group: PortGroup, kind: 'service' | 'local' | 'external', table: TableModel, whole: boolean, log: WarningLog): void {
  const name = group.chains.get(kind);
  if (!whole || name === undefined || table.chains.get(name)?.declared === true) return;
  const element = group.elements.find(({ element: e }) => e.verdict.kind === 'goto' && e.verdict.chain === name);
  if (element !== undefined) log.warn(element.offset, `${element.element.map} goes to ${name}, which is not defined in the table`);
}

function clusterIPChainOf(group: PortGroup): ServicePortRules['clusterIPChain'] {
  for (const { element } of group.elements) {
    if (element.map !== 'service-ips' || element.verdict.kind !== 'goto') continue;
    if (element.verdict.chain.startsWith('service-')) return 'cluster';
    if (element.verdict.chain.startsWith('local-')) return 'local';
  }
  return null;
}

/** The longest timeout among the port's affinity sets (kube-proxy gives them all the same one). */
function affinityOf(group: PortGroup, table: TableModel): number | null {
  let seconds: number | null = null;
  for (const [set, timeout] of table.affinity) {
    if (timeout === null || parseKubeProxyName(set)?.port?.key !== group.port.key) continue;
    seconds = Math.max(seconds ?? 0, timeout);
  }
  return seconds;
}

/** The table's family, or the one its addresses show when no table header said. */
function familyOf(table: TableModel, port: ServicePortRules): 'ipv4' | 'ipv6' | null {
  if (table.family !== null) return table.family === 'ip' ? 'ipv4' : 'ipv6';
  const addresses = [...port.frontends.map((f) => f.ip), ...[...(port.endpoints ?? []), ...(port.localEndpoints ?? [])].map((e: EndpointShare) => e.ip)];
  const address = addresses.find((ip): ip is string => ip !== null);
  return address === undefined ? null : address.includes(':') ? 'ipv6' : 'ipv4';
}

/** Endpoint chains with a DNAT that no live policy chain sends to. */
function orphans(table: TableModel, used: Set<string>): NodeRules['orphanEndpoints'] {
  const found: NodeRules['orphanEndpoints'] = [];
  for (const name of table.chains.keys()) {
    if (used.has(name) || !name.startsWith('endpoint-')) continue;
    const address = endpointAddress(table, name);
    if (address === null) continue;
    found.push({ chain: name, ip: address.ip, port: address.port, service: parseKubeProxyName(name)?.port?.service ?? null });
  }
  return found;
}

/**
 * How a service port is reached, from its dispatch-map elements (proxier.go syncProxyRules):
 * the cluster IP's element goes to the service- (or, with internalTrafficPolicy Local, the local-)
 * chain; external and load-balancer IPs go to the external- chain alike ('unknown', unless a
 * firewall-ips element shows a load-balancer IP with loadBalancerSourceRanges); node ports are
 * service-nodeports keys. A service port without endpoints has only no-endpoint elements, which
 * say nothing of the address's kind: the `cluster-ips` set tells a cluster IP.
 */
import type { Frontend, FrontendType } from '../../dataplane/types.ts';
import type { PortGroup } from './groups.ts';
import type { TableModel } from './model.ts';

const ORDER: readonly FrontendType[] = ['clusterIP', 'externalIP', 'loadBalancer', 'unknown', 'nodePort'];

export function frontendsOf(group: PortGroup, table: TableModel): Frontend[] {
  const found = new Map<string, Frontend>();
  const firewalled = new Set(group.elements.filter(({ element }) => element.map === 'firewall-ips').map(({ element }) => element.ip));
  for (const { element } of group.elements) {
    const { ip, port } = element;
    if (ip === null) {
      add(found, { type: 'nodePort', ip: null, port });
      continue;
    }
    const verdict = element.verdict;
    if (element.map === 'firewall-ips' || firewalled.has(ip)) add(found, { type: 'loadBalancer', ip, port });
    else if (verdict.kind === 'goto' && !verdict.chain.startsWith('external-')) add(found, { type: 'clusterIP', ip, port });
    else add(found, { type: table.clusterIPs.has(ip) ? 'clusterIP' : 'unknown', ip, port });
  }
  return [...found.values()].sort(byFrontend);
}

/** Keeps one frontend per address and port, the most certain one. */
function add(found: Map<string, Frontend>, frontend: Frontend): void {
  const key = `${frontend.ip ?? ''} ${frontend.port} ${frontend.type === 'nodePort' ? 'node' : ''}`;
  const known = found.get(key);
  if (known === undefined || known.type === 'unknown') found.set(key, frontend);
}

function byFrontend(a: Frontend, b: Frontend): number {
  return ORDER.indexOf(a.type) - ORDER.indexOf(b.type) || (a.ip ?? '').localeCompare(b.ip ?? '') || a.port - b.port;
}

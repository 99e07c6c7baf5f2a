/**
 * How a Service is reached, address by address, as the dataplanes that name no Service (ipvsadm,
 * Cilium) know it: every address field of the Service with each port, the way kube-proxy makes one
 * IPVS virtual server per address (pkg/proxy/ipvs/proxier.go syncProxyRules: cluster IPs, external
 * IPs, load-balancer ingress IPs, and the node port on each node address) and Cilium one frontend
 * per address (pkg/loadbalancer: ClusterIP, ExternalIPs, LoadBalancer, NodePort frontends).
 */
import type { FrontendFilter } from '../dataplane/frontendFilter.ts';
import type { Frontend, ServiceProtocol } from '../dataplane/types.ts';
import type { Service, ServicePort } from '../kubernetes/objects.ts';

/** Which field of the Service a frontend comes from. */
export type FrontendRole = 'clusterIP' | 'externalIP' | 'loadBalancer' | 'nodePort';

/** The addresses to read a dump for: the Service's IPs with each port, and its node ports on any address. */
export function serviceFrontends(service: Service): FrontendFilter {
  const queries: { ip: string | null; port: number }[] = [];
  const ports = service.spec?.ports ?? [];
  for (const ip of serviceAddresses(service)) for (const port of ports) queries.push({ ip, port: port.port });
  for (const port of ports) if (port.nodePort !== undefined) queries.push({ ip: null, port: port.nodePort });
  return queries;
}

/** Cluster IPs, external IPs and load-balancer ingress IPs. */
function serviceAddresses(service: Service): string[] {
  return [...clusterIPs(service), ...(service.spec?.externalIPs ?? []), ...loadBalancerIPs(service)];
}

function clusterIPs(service: Service): string[] {
  const spec = service.spec ?? {};
  const ips = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  return ips.filter((ip) => ip !== 'None' && ip !== '');
}

/** status.loadBalancer.ingress IPs: what kube-proxy and Cilium give a frontend (not spec.loadBalancerIP). */
function loadBalancerIPs(service: Service): string[] {
  return (service.status?.loadBalancer?.ingress ?? []).map((ingress) => ingress.ip).filter((ip): ip is string => Boolean(ip));
}

/**
 * The Service field a dump's frontend is, for one service port: null when the frontend is not
 * that port's. A frontend the dump types (Cilium's ClusterIP, NodePort, ...) must be of that type,
 * one it leaves 'unknown' (ipvsadm) may be any. Node ports are allocated once per cluster and
 * protocol (pkg/registry/core/service/portallocator), so a frontend typed NodePort on our node
 * port is ours at any address; an untyped one is, only on no address (`ip` null) or on an address
 * of a node of the input (`nodeAddresses`): an ipvsadm virtual server at another Service's
 * cluster IP may use the same number as a plain port.
 */
export function frontendRole(frontend: Frontend, protocol: ServiceProtocol, port: ServicePort, service: Service, nodeAddresses: ReadonlySet<string>): FrontendRole | null {
  if (protocol !== 'unknown' && protocol !== (port.protocol ?? 'TCP').toLowerCase()) return null;
  const typed = (role: FrontendRole) => frontend.type === 'unknown' || frontend.type === role;
  const ip = frontend.ip;
  if (ip !== null && frontend.port === port.port) {
    if (clusterIPs(service).includes(ip) && typed('clusterIP')) return 'clusterIP';
    if ((service.spec?.externalIPs ?? []).includes(ip) && typed('externalIP')) return 'externalIP';
    if (loadBalancerIPs(service).includes(ip) && typed('loadBalancer')) return 'loadBalancer';
  }
  if (port.nodePort === undefined || frontend.port !== port.nodePort) return null;
  if (frontend.type === 'nodePort' || (frontend.type === 'unknown' && (ip === null || nodeAddresses.has(ip)))) return 'nodePort';
  return null;
}

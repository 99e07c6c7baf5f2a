/**
 * One virtual service as a ServicePortRules entry. ipvsadm names no Service and no port name, so
 * `service` and `port` are null and the entry is known by its virtual address alone, of frontend
 * type 'unknown': kube-proxy makes the same kind of virtual server for a cluster IP, an external
 * IP, a load-balancer IP and a node port on every node address (pkg/proxy/ipvs/proxier.go
 * syncProxyRules), and the join tells them apart from the Service and the Node addresses.
 *
 * What the entry cannot show, and why:
 * - localEndpoints is null: for externalTrafficPolicy: Local, kube-proxy gives the node-port and
 *   load-balancer virtual servers only the node's local endpoints, or every endpoint when there is
 *   none and lets iptables drop external traffic (syncEndpoint, comment citing PR #97081); the list
 *   is in `endpoints` either way, and only the Service says which case it is.
 * - noEndpoints is null: with no real server IPVS itself drops the packet, and what kube-proxy adds
 *   in iptables for it is not in ipvsadm's output.
 */
import type { EndpointShare, ServicePortRules } from '../../dataplane/types.ts';
import { ipvsShares } from './shares.ts';
import type { RealServer, VirtualService } from './table.ts';

export function describeVirtualService(service: VirtualService): ServicePortRules {
  const shares = ipvsShares(service.scheduler, service.reals, service.whole);
  const endpoints = service.reals.map((real, i) => endpointShare(real, shares[i] ?? null));
  const entry: ServicePortRules = {
    service: null,
    port: null,
    protocol: service.protocol,
    frontends: [{ type: 'unknown', ip: service.ip, port: service.port }],
    endpoints: endpoints.length === 0 && !service.whole ? null : endpoints,
    localEndpoints: null,
    clusterIPChain: null,
    noEndpoints: null,
    affinitySeconds: service.persistent,
    chains: [],
  };
  if (service.scheduler !== null) entry.scheduler = service.scheduler;
  return entry;
}

function endpointShare(real: RealServer, share: number | null): EndpointShare {
  const endpoint: EndpointShare = { ip: real.ip, port: real.port, share, chain: null };
  if (real.weight !== null) endpoint.weight = real.weight;
  if (real.forward !== null) endpoint.forward = real.forward;
  if (real.connections !== null) endpoint.connections = real.connections;
  return endpoint;
}

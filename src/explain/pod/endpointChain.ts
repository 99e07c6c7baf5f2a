/**
 * The KUBE-SEP chain kube-proxy (iptables mode) names for a pod's endpoint:
 * base32(sha256(servicePortName + protocol + "ip:port"))[:16] (pkg/proxy/iptables/proxier.go
 * servicePortEndpointChainName). A balancing chain whose jump to a KUBE-SEP chain is in a filtered
 * dump but whose DNAT is not still names its endpoint this way: recomputing the name for the pod's
 * own address proves whether that jump is the pod's, without the missing line.
 */
import type { NodeRules } from '../../dataplane/types.ts';
import { endpointChainName } from '../../kubeproxy/hash.ts';
import type { PortView } from '../../model/view.ts';

/**
 * The chain names the pod's endpoints would have on an iptables-mode node, or none when they cannot
 * be computed (another dataplane, or a target port that does not resolve). An unnamed port is
 * `ns/name` in ServicePortName.String() today and was `ns/name:` before, so both are tried.
 */
export function endpointChainNames(dump: NodeRules, service: string, port: PortView, ips: readonly string[], target: number | null | undefined): Set<string> {
  if (dump.dataplane !== 'iptables' || target == null) return new Set();
  const protocol = port.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp';
  const names = port.name ? [`${service}:${port.name}`] : [service, `${service}:`];
  return new Set(names.flatMap((name) => ips.map((ip) => endpointChainName(name, protocol, `${ip.includes(':') ? `[${ip}]` : ip}:${target}`))));
}

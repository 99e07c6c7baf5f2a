/**
 * Which dataplane routes a node's services, read from that node's `iptables-save`: an iptables
 * dump shows the routing only when kube-proxy runs in iptables mode. On a node in kube-proxy's
 * IPVS mode, in its nftables mode, or under Cilium's kube-proxy replacement, the services are
 * routed by something this dump does not show, and saying "no rule" there would be a wrong
 * diagnosis: the answer names the mode, the evidence, and the command that shows the routing.
 *
 * Evidence, from each implementation's own source:
 * - iptables mode: per-service chains KUBE-SVC-/SVL-/EXT-/FW-/SEP- (and KUBE-XLB- before 1.24),
 *   pkg/proxy/iptables/proxier.go servicePortChainName and friends. Their presence means the dump
 *   shows routing, whatever else is there.
 * - IPVS mode: one static KUBE-SERVICES rule set matching ipsets instead of per-service chains,
 *   `-m set --match-set KUBE-CLUSTER-IP dst,dst`, KUBE-NODE-PORT-TCP, KUBE-LOAD-BALANCER, ...
 *   (pkg/proxy/ipvs/proxier.go, the ipset table in pkg/proxy/ipvs/README.md), and chains
 *   KUBE-NODE-PORT, KUBE-LOAD-BALANCER, KUBE-IPVS-FILTER. Positive evidence: any one line suffices.
 * - Cilium's replacement: CILIUM_* chains (cilium-feeder rules) and no kube-proxy chains.
 * - nftables mode: kube-proxy leaves no iptables chain at all; only the kubelet's own
 *   KUBE-KUBELET-CANARY / KUBE-IPTABLES-HINT (and on older kubelets KUBE-FIREWALL) remain.
 *
 * Absence is evidence only in a dump that holds the whole nat table (`*nat` ... `COMMIT`): a grep
 * that matched nothing of kube-proxy's says nothing about it. A whole nat table that still has
 * KUBE-SERVICES but no service chain is an iptables-mode kube-proxy that has not written its
 * services (kubernetes#66454, "Failed to execute iptables-restore"): that is shown routing, not
 * another mode.
 */
import type { RoutingVisibility } from './types.ts';

const SERVICE_CHAINS = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-', 'KUBE-XLB-'];
const IPVS_MARKERS = [
  '--match-set KUBE-CLUSTER-IP',
  '--match-set KUBE-NODE-PORT-',
  '--match-set KUBE-LOAD-BALANCER',
  '--match-set KUBE-EXTERNAL-IP',
  '--match-set KUBE-LOOP-BACK',
  ':KUBE-NODE-PORT ',
  ':KUBE-LOAD-BALANCER ',
  ':KUBE-IPVS-FILTER ',
  '-A KUBE-NODE-PORT ',
  '-A KUBE-LOAD-BALANCER ',
  '-A KUBE-IPVS-FILTER ',
];
const KUBELET_MARKERS = ['KUBE-KUBELET-CANARY', 'KUBE-IPTABLES-HINT'];
const KUBE_SERVICES = 'KUBE-SERVICES';
const CILIUM = 'CILIUM_';

export const IPVS_COMMAND = 'ipvsadm -Ln';
export const NFTABLES_COMMAND = 'nft list table ip kube-proxy';
export const CILIUM_COMMAND = 'cilium-dbg service list';
const UNKNOWN_COMMAND = 'kubectl -n kube-system logs <kube-proxy pod> | grep Proxier';

interface Seen {
  serviceChain: number;
  ipvs: { line: number; text: string } | null;
  kubeServices: number;
  cilium: number;
  kubelet: { line: number; marker: string } | null;
  natComplete: boolean;
}

/** What an `iptables-save` (whole, or one of its lines at a time) shows of the node's service routing. */
export function routingVisibility(dump: string | readonly string[]): RoutingVisibility {
  const seen = scan(typeof dump === 'string' ? dump.split('\n') : dump);
  if (seen.serviceChain > 0) return { shown: true };
  if (seen.ipvs !== null) {
    return hidden('ipvs', `line ${seen.ipvs.line} matches ${seen.ipvs.text.trim()}: kube-proxy in IPVS mode keeps services in IPVS virtual servers, not in iptables chains`, IPVS_COMMAND);
  }
  if (!seen.natComplete || seen.kubeServices > 0) return { shown: true };
  if (seen.cilium > 0) {
    return hidden('cilium', `the nat table has no kube-proxy chain and Cilium's CILIUM_* chains are there (line ${seen.cilium}): Cilium's kube-proxy replacement routes services in eBPF`, CILIUM_COMMAND);
  }
  if (seen.kubelet !== null) {
    return hidden('nftables', `the nat table has no kube-proxy chain (no KUBE-SERVICES); only the kubelet's ${seen.kubelet.marker} (line ${seen.kubelet.line}): kube-proxy in nftables mode writes no iptables rules`, NFTABLES_COMMAND);
  }
  return hidden('unknown', 'the nat table has no kube-proxy chain (no KUBE-SERVICES) and no chain of a known kube-proxy replacement', UNKNOWN_COMMAND);
}

function hidden(mode: 'ipvs' | 'nftables' | 'cilium' | 'unknown', evidence: string, command: string): RoutingVisibility {
  return { shown: false, mode, evidence, command };
}

function scan(lines: readonly string[]): Seen {
  const seen: Seen = { serviceChain: 0, ipvs: null, kubeServices: 0, cilium: 0, kubelet: null, natComplete: false };
  let table: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const number = i + 1;
    const content = line.trim();
    if (content.startsWith('*')) table = content.slice(1);
    else if (content === 'COMMIT') {
      if (table === 'nat') seen.natComplete = true;
      table = null;
    }
    if (content.startsWith('#')) continue;
    if (seen.serviceChain === 0 && SERVICE_CHAINS.some((chain) => line.includes(chain))) seen.serviceChain = number;
    if (seen.ipvs === null) {
      const marker = IPVS_MARKERS.find((m) => line.includes(m));
      if (marker !== undefined) seen.ipvs = { line: number, text: marker };
    }
    if (seen.kubeServices === 0 && line.includes(KUBE_SERVICES)) seen.kubeServices = number;
    if (seen.cilium === 0 && line.includes(CILIUM)) seen.cilium = number;
    if (seen.kubelet === null) {
      const marker = KUBELET_MARKERS.find((m) => line.includes(m));
      if (marker !== undefined) seen.kubelet = { line: number, marker };
    }
  }
  return seen;
}

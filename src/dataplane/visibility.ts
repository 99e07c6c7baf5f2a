/**
 * How to say that a node's dump cannot show its service routing (types.ts RoutingVisibility): the
 * mode the dump gives away, what in it says so, and the command that shows the routing there. One
 * wording, for `rules` (which refuses such a dump) and `explain` (whose cells for that node are
 * unknown).
 */
import type { RoutingVisibility } from './types.ts';

type Hidden = Extract<RoutingVisibility, { shown: false }>;

const MODE_NAME: Record<Hidden['mode'], string> = {
  iptables: 'kube-proxy in iptables mode',
  ipvs: 'kube-proxy in IPVS mode',
  nftables: 'kube-proxy in nftables mode',
  cilium: "Cilium's kube-proxy replacement",
  unknown: 'a dataplane other than kube-proxy in iptables mode',
};

/** `kube-proxy in IPVS mode`: who routes the node's services. */
export function routingModeName(routing: Hidden): string {
  return MODE_NAME[routing.mode];
}

/** One sentence: the dump cannot show the routing, the evidence (which names the mode), and the command that shows it. */
export function hiddenRoutingText(routing: Hidden): string {
  return `this iptables-save cannot show the node's service routing: ${routing.evidence}; run \`${routing.command}\` on the node to see it`;
}

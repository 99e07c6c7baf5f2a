/**
 * The read-only commands that print a node's service rules, per agent and mode, run by exec in
 * the agent's container (no shell: each is an argv). kube-proxy runs with hostNetwork, so its
 * network namespace is the node's and what it prints is the node's rules.
 * - iptables: `iptables-save -t nat` (service chains) and `-t filter` (the REJECT/DROP of
 *   services without endpoints); `ip6tables-save` for IPv6, one proxier per family.
 * - nftables: `nft list table ip kube-proxy` and `ip6` (the table kube-proxy owns).
 * - IPVS: `ipvsadm` is not in the kube-proxy image (distroless-iptables; kubernetes/release PR
 *   #3320 discussion), so the virtual servers cannot be read by exec; `iptables-save` still
 *   shows kube-proxy's IPVS-mode iptables rules (ipset matches), enough to say the node is IPVS.
 * - Cilium: `cilium-dbg status` first (is kube-proxy replaced?), then `cilium-dbg service list
 *   -o json`; agents before v1.15 name the CLI `cilium` (cilium commit 4deff3cd65c5, "Rename
 *   local CLI to cilium-dbg").
 */
import type { Dataplane } from './types.ts';
import type { ModeFinding } from './proxymode.ts';

export type IpFamily = 'IPv4' | 'IPv6';

export interface ReadStep {
  argv: string[];
  /** Tried when `argv`'s binary is not in the image. */
  fallbackArgv?: string[];
  /** What the output is, for messages and the bundle: "iptables nat table (IPv4)". */
  reads: string;
  /** The decoder for the output. */
  dataplane: Dataplane;
  family: IpFamily | null;
  /** A probe whose failure is expected on some nodes (a mode that is not known yet). */
  optional: boolean;
  /** Read for the agent's mode, not its rules (`cilium-dbg status`). */
  status?: true;
}

export interface ReadPlan {
  steps: ReadStep[];
  notes: string[];
}

const IPTABLES_SAVE: Record<IpFamily, string> = { IPv4: 'iptables-save', IPv6: 'ip6tables-save' };
const NFT_FAMILY: Record<IpFamily, string> = { IPv4: 'ip', IPv6: 'ip6' };

function iptablesSteps(families: readonly IpFamily[], optional: boolean): ReadStep[] {
  return families.flatMap((family) => (['nat', 'filter'] as const).map((table) => ({
    argv: [IPTABLES_SAVE[family], '-t', table], reads: `iptables ${table} table (${family})`, dataplane: 'iptables' as const, family, optional,
  })));
}

function nftSteps(families: readonly IpFamily[], optional: boolean): ReadStep[] {
  return families.map((family) => ({
    argv: ['nft', 'list', 'table', NFT_FAMILY[family], 'kube-proxy'], reads: `nftables table ${NFT_FAMILY[family]} kube-proxy`, dataplane: 'nftables' as const, family, optional,
  }));
}

export function kubeProxyReadPlan(mode: ModeFinding, families: readonly IpFamily[]): ReadPlan {
  if (!mode.known) {
    // Both readers; the one whose rules exist is the mode (an absent nft table exits 1, an
    // iptables-save without KUBE-SERVICES chains shows no routing).
    return { steps: [...iptablesSteps(families, true), ...nftSteps(families, true)], notes: [`kube-proxy's mode is unknown (${mode.missing}): both iptables-save and nft are read`] };
  }
  switch (mode.mode) {
    case 'iptables':
      return { steps: iptablesSteps(families, false), notes: [] };
    case 'nftables':
      return { steps: nftSteps(families, false), notes: [] };
    case 'ipvs':
      return {
        steps: iptablesSteps(families, false),
        notes: ['kube-proxy runs in IPVS mode: its virtual servers need ipvsadm, which the kube-proxy image does not have; iptables-save shows only that the node is in IPVS mode, not which endpoints each service uses'],
      };
    case 'kernelspace':
      return { steps: [], notes: ['kube-proxy runs in kernelspace mode (Windows HNS): its rules cannot be read by exec'] };
  }
}

/** Cilium: the status probe (run first), then the service table. */
export function ciliumReadPlan(): { probe: ReadStep; steps: ReadStep[] } {
  return {
    probe: { argv: ['cilium-dbg', 'status'], fallbackArgv: ['cilium', 'status'], reads: 'Cilium agent status', dataplane: 'cilium', family: null, optional: false, status: true },
    steps: [{ argv: ['cilium-dbg', 'service', 'list', '-o', 'json'], fallbackArgv: ['cilium', 'service', 'list', '-o', 'json'], reads: 'Cilium service table', dataplane: 'cilium', family: null, optional: false }],
  };
}

/** The families whose rules matter: the Service's, else IPv4. */
export function familiesOf(ipFamilies: readonly string[] | undefined): IpFamily[] {
  const families = (ipFamilies ?? []).filter((f): f is IpFamily => f === 'IPv4' || f === 'IPv6');
  return families.length > 0 ? [...new Set(families)] : ['IPv4'];
}

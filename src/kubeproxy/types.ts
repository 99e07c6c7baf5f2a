/**
 * What one node's kube-proxy (iptables mode) does with each service port, decoded from
 * `iptables-save` output. This is the contract between the dump decoder and the rest of the
 * program; `kubectl slices rules -o json` prints it almost as is.
 */

export type L4Protocol = 'tcp' | 'udp' | 'sctp';

export type FrontendType = 'clusterIP' | 'nodePort' | 'externalIP' | 'loadBalancer';

export interface Frontend {
  type: FrontendType;
  /** null for a node port (it listens on every node address). */
  ip: string | null;
  port: number;
}

/** One endpoint a chain DNATs to, and the share of new connections it gets through that chain. */
export interface EndpointShare {
  ip: string;
  port: number;
  /** Share of new connections in [0, 1]; null when the chain is only partly in a filtered dump. */
  share: number | null;
  /** The KUBE-SEP-* chain that DNATs to this endpoint. */
  chain: string;
}

/** How a service port's endpoints chain was read. */
export type ChainState = 'seen' | 'unknown';

export interface ServicePortRules {
  /** "namespace/name". */
  service: string;
  /** Service port name, "" when the port is unnamed. */
  port: string;
  protocol: L4Protocol;
  frontends: Frontend[];
  /**
   * The cluster-wide chain (KUBE-SVC-*): endpoints in rule order. null = unknown (its rules are
   * not in a filtered dump); [] = kube-proxy wrote the chain with no endpoint.
   */
  endpoints: EndpointShare[] | null;
  /** The Local-policy chain (KUBE-SVL-*, or KUBE-XLB-* before 1.24), when the dump has one. */
  localEndpoints: EndpointShare[] | null;
  /** Where the cluster IP jumps: the cluster chain, or the local chain (internalTrafficPolicy=Local). */
  clusterIPChain: 'cluster' | 'local' | null;
  /** Filter-table rules for "has no endpoints" (REJECT) or "has no local endpoints" (DROP). */
  noEndpoints: null | 'reject' | 'drop';
  /** ClientIP session affinity timeout (from `-m recent --rcheck --seconds N`), null when none. */
  affinitySeconds: number | null;
  /** KUBE-SVC-/SVL-/XLB-/EXT-/FW- chain names seen for this port, for the wide view. */
  chains: string[];
}

/** A problem found in a dump line that was skipped (bad input is reported, never fatal). */
export interface DumpWarning {
  line: number;
  message: string;
  /** The warning is about the dump as a whole (empty, cut short, a jump to an undefined chain): part of it is missing. */
  incomplete?: true;
}

export interface NodeRules {
  /** Node name: from NODE=FILE, else from the file name. */
  node: string;
  /** Path of the dump, for error messages. */
  source: string;
  /** 'complete' when the nat table header and COMMIT are present, 'filtered' otherwise. */
  completeness: 'complete' | 'filtered';
  services: ServicePortRules[];
  /**
   * KUBE-SEP chains that DNAT somewhere but that no reachable service chain jumps to
   * (stale chains left after a partial sync, or chains whose jump lines a grep filtered out).
   */
  orphanEndpoints: { chain: string; ip: string; port: number; service: string | null }[];
  warnings: DumpWarning[];
}

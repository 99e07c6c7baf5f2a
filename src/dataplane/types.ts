/**
 * What one node's dataplane does with each service port, decoded from that node's own output:
 * kube-proxy in iptables mode (`iptables-save`), nftables mode (`nft list table ip kube-proxy`),
 * IPVS mode (`ipvsadm -Ln`), or Cilium's kube-proxy replacement (`cilium-dbg service list`).
 *
 * This is the one contract between every dump decoder and the rest of the program, and
 * `kubectl slices rules -o json` prints it almost as is. It is a superset of what the iptables
 * decoder has always produced (src/dataplane/types.ts, which moves here when the decoders are
 * wired in): every field the iptables decoder sets keeps its meaning.
 *
 * Three values everywhere: a fact the dump shows (a value), a fact the dump shows to be absent
 * ([] or false), and a fact the dump cannot tell (null). A grep-filtered dump is normal input,
 * and a decoder never turns "not shown" into "absent".
 */

/** The decoder that read a dump, named after the node's dataplane. */
export type Dataplane = 'iptables' | 'nftables' | 'ipvs' | 'cilium';

export type L4Protocol = 'tcp' | 'udp' | 'sctp';

/**
 * 'unknown' (added for Cilium): Cilium printed no protocol until recently (`10.96.0.10:53` in
 * `service list` and `bpf lb list`, JSON `frontend-address` without `protocol`, or `ANY`). Older
 * agents matched the port for every protocol (api/v1 FrontendAddress: "The protocol is currently
 * ignored, all services will behave as if protocol any is specified"); newer ones keep the
 * protocol in the service key but did not print it. A join matches such an entry against the
 * Service port of any protocol with that address and port.
 */
export type ServiceProtocol = L4Protocol | 'unknown';

/**
 * 'unknown' (added for ipvsadm and Cilium's LocalRedirect): the dump shows an address and port the
 * node accepts but not which Service field it comes from. kube-proxy in IPVS mode makes the same
 * kind of virtual server for a cluster IP, an external IP, a load-balancer IP and a node port on
 * each node address (pkg/proxy/ipvs/proxier.go syncService), and ipvsadm prints none of that. A
 * join matches such a frontend's ip and port against every address field of the Service (cluster
 * IPs, external IPs, load-balancer ingress IPs, and node addresses with the node port).
 * kube-proxy's nftables mode has the same gap: external IPs and load-balancer IPs go to the same
 * `external-` chain through the same `service-ips` map (pkg/proxy/nftables/proxier.go
 * syncProxyRules, "Capture externalIPs" / "Capture load-balancer ingress"), and a service port
 * without endpoints has only no-endpoint elements, which do not say what kind of address theirs is.
 */
export type FrontendType = 'clusterIP' | 'nodePort' | 'externalIP' | 'loadBalancer' | 'unknown';

export interface Frontend {
  type: FrontendType;
  /** null for a node port that listens on every node address. */
  ip: string | null;
  port: number;
  /**
   * The frontend type as the dataplane printed it, where it prints one (Cilium: 'ClusterIP',
   * 'NodePort', 'LoadBalancer', 'ExternalIPs', 'LocalRedirect', with ' (Remote)' for a
   * ClusterMesh service of another cluster). Absent for kube-proxy, whose chains say it in `type`.
   */
  kind?: string;
}

/**
 * Cilium's backend states (pkg/loadbalancer BackendState). kube-proxy lists only the endpoints it
 * routes to, so its decoders leave `state` out; Cilium keeps a not-ready backend listed as
 * `maintenance` and a terminating one as `terminating`. 'terminating-not-serving' (added: Cilium
 * prints it, models.BackendAddressStateTerminatingDashNotDashServing) is a terminating backend that
 * is not serving either, kept for its open connections and never used as a fallback
 * (pkg/loadbalancer/loadbalancer.go BackendStateTerminatingNotServing).
 */
export type BackendState = 'active' | 'terminating' | 'terminating-not-serving' | 'quarantined' | 'maintenance';

/** One endpoint a service port sends to, and the share of new connections it gets that way. */
export interface EndpointShare {
  /** null: the rule that names the address is not in a (filtered) dump, though the jump to it is. */
  ip: string | null;
  port: number | null;
  /**
   * Share of new connections in [0, 1] among this list. null when it cannot be known: part of the
   * balancing rule is filtered out, or the scheduler decides by load (IPVS lc, wlc, sh, ...).
   */
  share: number | null;
  /** The per-endpoint chain (iptables KUBE-SEP-*, nftables endpoint-*), null where there is none. */
  chain: string | null;
  /** Cilium only: the backend's state. */
  state?: BackendState;
  /** IPVS and Cilium: the weight the format prints. */
  weight?: number;
  /** IPVS: how the real server is reached, as ipvsadm names it (Masq, Route, Tunnel, Local). */
  forward?: string;
  /** IPVS: ActiveConn and InActConn, e.g. a weight-0 real server still draining its connections. */
  connections?: { active: number; inactive: number };
  /** Cilium JSON: the node the backend runs on (`nodeName`). */
  node?: string;
}

/** Whether the rules that balance a service port were seen. */
export interface ServicePortRules {
  /** "namespace/name"; null where the format names no Service (ipvsadm, Cilium). */
  service: string | null;
  /** Service port name ("" when unnamed); null where the format names no port. */
  port: string | null;
  protocol: ServiceProtocol;
  /** How the entry is reached; for ipvsadm and Cilium, the only identity it has. */
  frontends: Frontend[];
  /**
   * The cluster-wide endpoint list, in rule order. null = unknown (not in a filtered dump);
   * [] = the dataplane holds the service port with no endpoint.
   */
  endpoints: EndpointShare[] | null;
  /** The Local-policy list (KUBE-SVL, nft `external-`/local chains), when the dump has one. */
  localEndpoints: EndpointShare[] | null;
  /** Where the cluster IP goes: the cluster list, or the local one (internalTrafficPolicy=Local). */
  clusterIPChain: 'cluster' | 'local' | null;
  /** What happens with no endpoint: REJECT ("has no endpoints") or DROP ("has no local endpoints"). */
  noEndpoints: null | 'reject' | 'drop';
  /** ClientIP session affinity timeout in seconds (iptables `--seconds`, nft affinity set timeout, IPVS `persistent`). */
  affinitySeconds: number | null;
  /** Chain names seen for this service port, for the wide view. */
  chains: string[];
  /** IPVS: the virtual service's scheduler (rr, wrr, lc, ...); Cilium: its algorithm when printed. */
  scheduler?: string;
  /**
   * The IP family of this entry, where one dump holds both: `nft list ruleset` shows kube-proxy's
   * `table ip kube-proxy` and `table ip6 kube-proxy`, and a dual-stack service port has chains of
   * the same name in each (the chain hash does not include the family), with shares that sum to 1
   * within each family. Absent when the dump does not say.
   */
  family?: 'ipv4' | 'ipv6';
}

/** A problem found in a dump line that was skipped (bad input is reported, never fatal). */
export interface DumpWarning {
  line: number;
  message: string;
  /** The warning is about the dump as a whole (empty, cut short, a jump to an undefined chain): part of it is missing. */
  incomplete?: true;
}

/**
 * What a dump shows of the node's service routing. An `iptables-save` taken on an IPVS-mode,
 * nftables-mode or Cilium node holds no kube-proxy service chains: its services are not "absent",
 * they are routed by something this dump does not show. `command` is what would show them.
 */
export type RoutingVisibility =
  | { shown: true }
  | { shown: false; mode: 'iptables' | 'nftables' | 'ipvs' | 'cilium' | 'unknown'; evidence: string; command: string };

export interface NodeRules {
  /** Node name: from NODE=FILE, else from the file name. */
  node: string;
  /** Path of the dump (or `exec kube-proxy-xxxx: nft list table ip kube-proxy`), for messages. */
  source: string;
  dataplane: Dataplane;
  routing: RoutingVisibility;
  /** 'complete' when the whole table/ruleset/listing is present, 'filtered' otherwise. */
  completeness: 'complete' | 'filtered';
  services: ServicePortRules[];
  /** Endpoint rules that no reachable service rule uses (stale, or whose jump a grep filtered out). */
  orphanEndpoints: { chain: string; ip: string; port: number; service: string | null }[];
  warnings: DumpWarning[];
}

/**
 * The explanation of one Service: the stable document `kubectl slices explain -o json` prints
 * (YAML is the same document), and what every renderer draws. Field names are a public contract.
 */
import type { Evidence, Severity } from '../kubernetes/evidence.ts';
import type { TerminationCode } from '../termination/types.ts';
import type { Dataplane } from '../dataplane/types.ts';
import type { Summary } from './summaryTypes.ts';
import type { TerminationReport } from './termination/types.ts';

export type { Evidence, Severity };
export type { StaleRuleTarget, Summary } from './summaryTypes.ts';

export type ReasonCode =
  // Pod readiness (root causes)
  | 'ReadinessProbeFailing'
  | 'ReadinessProbeNotPassed'
  | 'StartupProbeNotPassed'
  | 'ReadinessGateFalse'
  | 'ContainersNotReady'
  | 'NodeNotReady'
  | 'PodNotRunning'
  | 'NoPodIP'
  | 'Terminating'
  | 'PodNotReady'
  | 'NoReadinessProbe'
  // Service -> pod port resolution
  | 'NamedPortMissing'
  | 'PublishNotReadyAddresses'
  // EndpointSlice / Endpoints
  | 'MissingFromEndpointSlice'
  | 'EndpointNotReady'
  | 'EndpointServingTerminating'
  | 'EndpointStale'
  | 'EndpointsNotReady'
  | 'MissingFromEndpoints'
  | 'EndpointsTruncated'
  | 'NotSelected'
  | 'ManualEndpoint'
  // Data plane
  | 'NoDataplaneRule'
  | 'EndpointHeld'
  | 'StaleDataplaneRule'
  | 'RoutingUnknown'
  | 'TrafficPolicyLocal'
  | 'TopologyHintsElsewhere'
  | 'FallbackOnly'
  // Address families
  | 'DualStackPartial';

/** What a rule finds about a pod or an address; the report then says whether it is a link. */
export interface Cause {
  code: ReasonCode;
  message: string;
}

export interface Reason extends Cause {
  /**
   * A link of the chain from root cause to verdict (the table's "Why not:" line); false for a note
   * that is true of the pod but says nothing of why it does or does not get traffic (NoReadinessProbe).
   */
  link: boolean;
}

export type FindingCode =
  | 'SelectorMatchesNoPods'
  | 'NoSelector'
  | 'Headless'
  | 'ExternalName'
  | 'NoReadyEndpoints'
  | 'ServingTerminatingFallback'
  | 'EndpointsOverCapacity'
  | 'EndpointsMismatch'
  | 'NoReadinessProbe'
  | 'PublishNotReadyAddresses'
  | 'TrafficPolicyLocal'
  | 'NoLocalEndpoints'
  | 'NamedPortUnresolved'
  | 'SingleEndpoint'
  | 'SessionAffinity'
  | 'DataplaneDrift'
  | 'RoutingNotShown'
  | 'ShareUnknown'
  | 'StaleEndpoints'
  | 'ResourceUnknown'
  | 'DumpWarnings'
  | 'DataplaneUnknown'
  // Causes that stop no traffic by themselves, named so nobody has to guess them
  | 'ReadyOnNotReadyNode'
  | 'TargetPortNotDeclared'
  | 'SelectorNearMiss'
  | 'TopologyHints'
  | 'MirroredEndpoints'
  | 'DumpNodeNotFound'
  // The termination window (src/termination/): rollouts and load balancers
  | TerminationCode;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /**
   * Set when the finding is about less than the whole Service: `pods 7kq2w, m9x4z of
   * web-5f7d9c6b8 (container web)`, `namespace/default`. Termination findings carry it, with
   * `evidence` (the fields it was read from) and `fix` (what to change); older findings do not.
   */
  subject?: string;
  evidence?: Evidence[];
  fix?: string;
}

/**
 * The verdict on one pod, worst last:
 * - receives: a routable endpoint for every service port, and every given dump DNATs to it;
 * - fallback: serving but terminating, used only because no ready endpoint exists;
 * - partial: receives on some ports, from some nodes or in one IP family only;
 * - none: receives no new connections;
 * - stale: not routable by the slices, yet a node's stale kube-proxy rules still send it traffic;
 * - unknown: not enough was captured to tell (no slices, no pods in the input).
 */
export type Verdict = 'receives' | 'fallback' | 'partial' | 'none' | 'stale' | 'unknown';

export interface ServicePortReport {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  targetPort: number | string;
  nodePort: number | null;
}

export interface ServiceReport {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIPs: string[];
  externalIPs: string[];
  loadBalancerIPs: string[];
  ports: ServicePortReport[];
  selector: Record<string, string> | null;
  headless: boolean;
  externalTrafficPolicy: 'Cluster' | 'Local' | null;
  internalTrafficPolicy: 'Cluster' | 'Local';
  publishNotReadyAddresses: boolean;
  sessionAffinity: 'None' | 'ClientIP';
  ipFamilies: string[];
}

export interface PodPortReport {
  /** Service port name, or its number when unnamed. */
  servicePort: string;
  /** The container port the service port's targetPort resolves to for this pod; null when it doesn't. */
  targetPort: number | null;
  receivesTraffic: boolean;
}

export interface EndpointReport {
  slice: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  address: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zone: string | null;
  node: string | null;
  hints: string[];
}

export type EndpointsMembership = 'ready' | 'notReady' | 'absent' | 'unknown';

export interface DataplaneReport {
  node: string;
  /** The dump's dataplane: kube-proxy's iptables, nftables or IPVS mode, or Cilium. */
  dataplane: Dataplane;
  /** The address family of the dump (iptables-save or ip6tables-save); null when it shows none. */
  family: 'IPv4' | 'IPv6' | null;
  servicePort: string;
  /**
   * present: a rule sends to the pod (KUBE-SEP chain, nftables endpoint chain or DNAT element, IPVS
   * real server, Cilium backend); absent: none does; unknown: the dump cannot tell (filtered, or a
   * dump that does not show the node's routing).
   */
  rule: 'present' | 'absent' | 'unknown';
  /**
   * Why a present rule sends it no new connections: a Cilium backend state other than active
   * (`maintenance`, `quarantined`, `terminating`, `terminating-not-serving`) or IPVS `weight 0`.
   */
  state?: string;
  /** The IPVS scheduler of the virtual service, where the dump shows one. */
  scheduler?: string;
  /** Share of new connections sent to this pod through that node's cluster chain. */
  share: number | null;
  /** Share through the Local-policy chain, when there is one. */
  localShare: number | null;
}

export interface PodReport {
  name: string;
  /** What tells it apart from its siblings: `jl97z` for `readiness-deployment-b5d4f7c47-jl97z`. */
  shortName: string;
  namespace: string;
  ip: string | null;
  ips: string[];
  node: string | null;
  zone: string | null;
  phase: string | null;
  /** The pod's Ready condition: 'True' | 'False' | 'Unknown', null when the pod has none. */
  ready: 'True' | 'False' | 'Unknown' | null;
  selected: boolean;
  verdict: Verdict;
  receivesTraffic: boolean;
  ports: PodPortReport[];
  /** Whether the EndpointSlices list it: unknown when they were not captured or were forbidden. */
  sliceMembership: 'listed' | 'absent' | 'unknown';
  /** The first EndpointSlice endpoint of this pod (one per address family in `endpointSlices`). */
  endpoint: EndpointReport | null;
  endpointSlices: EndpointReport[];
  endpoints: EndpointsMembership;
  dataplane: DataplaneReport[];
  /** Root cause first. */
  reasons: Reason[];
}

export interface OrphanEndpointReport {
  address: string;
  port: number | null;
  /** Where it was seen: "endpointslice/NAME", "endpoints/NAME", "iptables/NODE". */
  seenIn: string[];
  /** The pod its targetRef names, when it names one. */
  targetRef: string | null;
  reasons: Reason[];
}

export interface Explanation {
  service: ServiceReport;
  pods: PodReport[];
  endpointsWithoutPods: OrphanEndpointReport[];
  findings: Finding[];
  /** Nodes whose dumps were given. */
  nodes: string[];
  /** Resources that were not in the input, or forbidden, so their part of the chain is unknown. */
  unknown: string[];
  summary: Summary;
  /** Whether the Service can be rolled without dropped connections: every fact, and what was measured. */
  termination: TerminationReport;
}


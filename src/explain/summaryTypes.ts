/**
 * The summary of an Explanation (types.ts): the counts before the rows, part of the same public
 * JSON contract. Apart from types.ts only to keep each file small.
 */

/**
 * The counts before the rows. Three-valued: every pod is receiving (known to get its traffic),
 * notReceiving (known not to get all of it) or unknown (the input cannot tell), and the three add
 * up to pods.
 */
export interface Summary {
  pods: number;
  /** Pods whose verdict is receives or fallback. */
  receiving: number;
  /** Pods whose verdict is none, partial or stale: known not to get (all) their traffic. */
  notReceiving: number;
  /** Pods whose verdict is unknown. */
  unknown: number;
  /**
   * What is missing from the input that leaves pods unknown ("EndpointSlices not in the input
   * files"), or, with no pod rows at all, that leaves the pods themselves unknown.
   */
  unknownBecause: string[];
  /** Of notReceiving: pods that receive on some ports or from some nodes only. */
  partial: number;
  /** Of notReceiving: pods the slices do not route that stale kube-proxy rules still send traffic to. */
  stale: number;
  /**
   * Everything stale rules still send new connections to, with the share on each node: pods of
   * `stale` (by name) and addresses that belong to no pod (by address).
   */
  staleRules: StaleRuleTarget[];
  /** Of receiving: terminating pods used only as kube-proxy's fallback, until they stop. */
  fallback: number;
  /**
   * Pods that receive traffic although their Ready condition is False or Unknown
   * (publishNotReadyAddresses, or a slice that still says ready): the story of an incident.
   */
  receivingNotReady: string[];
  /** The pods' EndpointSlice endpoints (one per address family) and how many are ready. */
  sliceEndpoints: { ready: number; total: number };
  /** The pods listed in the legacy Endpoints (addresses or notReadyAddresses) and how many are ready. */
  endpoints: { ready: number; listed: number };
}

export interface StaleRuleTarget {
  /** A pod's name, or an address no pod has. */
  target: string;
  kind: 'pod' | 'address';
  nodes: { node: string; share: number | null }[];
}

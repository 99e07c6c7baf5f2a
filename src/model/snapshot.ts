import type { EndpointSlice, Endpoints, EventObject, Ingress, IngressClass, NamespaceObject, NodeObject, Pod, ResourceKind, Service } from '../kubernetes/objects.ts';

/**
 * Everything known about one Service at one moment, whatever the source (files, the API server,
 * a watch cache). Sources build it; `explain(snapshot, dumps)` turns it into an Explanation.
 *
 * A resource that was not captured (not in the files, or forbidden by RBAC) is listed in
 * `unknown`, and its list is empty: "no EndpointSlices" and "EndpointSlices not captured" must
 * never be confused.
 */
export interface Snapshot {
  service: Service;
  /** Slices labelled kubernetes.io/service-name=<service>. */
  endpointSlices: EndpointSlice[];
  /** The Endpoints object named after the Service; null when it does not exist (or is unknown). */
  endpoints: Endpoints | null;
  /** Pods the selector matches, plus any pod an endpoint's targetRef names. */
  pods: Pod[];
  /** Nodes the pods and endpoints run on (Ready condition, zone labels). */
  nodes: NodeObject[];
  /** Events about the pods (kubelet's probe failures quote the probe output). */
  events: EventObject[];
  /** The Service's Namespace (its readiness-gate injection label); null when not read or not in the input. */
  namespace: NamespaceObject | null;
  /** Ingresses of the Service's namespace that name it as a backend: load balancers in front of its pods. */
  ingresses: Ingress[];
  /** The IngressClasses those Ingresses name, and any class marked default. */
  ingressClasses: IngressClass[];
  unknown: UnknownResource[];
  /**
   * Pods of the Service's namespace its selector does not match, read only when it matches none,
   * to name the pods that miss it by one label. Files: whatever pods they hold; live: one bounded
   * page. Absent: not read.
   */
  namespacePods?: Pod[];
  /**
   * Every Node the source read (files: each Node object in them; live: the nodes fetched, those
   * the --iptables dumps name included): what a dump's node name is checked against. Absent: not
   * collected (watch, list).
   */
  nodeNames?: string[];
  /**
   * When the objects were read (RFC 3339): the live read's time, or a `snapshot` bundle's
   * capturedAt. Absent for plain files: explain then takes the newest time the objects carry.
   */
  capturedAt?: string;
}

export interface UnknownResource {
  kind: ResourceKind;
  /** Why: "not in the input files", "forbidden: ...". */
  why: string;
}

/** Whether the input holds `kind` (read, even if empty), rather than missing it or being forbidden it. */
export function isKnown(unknown: readonly UnknownResource[], kind: UnknownResource['kind']): boolean {
  return !unknown.some((u) => u.kind === kind);
}

import type { EndpointSlice, EndpointSliceEndpoint, Endpoints, EventObject, Ingress, IngressClass, NamespaceObject, NodeObject, Pod, Service, ServicePort } from '../kubernetes/objects.ts';
import type { Dataplane, NodeRules } from '../dataplane/types.ts';
import type { Observed } from './observed.ts';
import type { UnreadNode } from '../dataplane/capture.ts';
import type { UnknownResource } from './snapshot.ts';

/**
 * One joined view of a Service: every pod with what each source says about it. The join decides
 * which facts belong together (by targetRef, else by IP); the explain rules decide what they mean.
 */
export interface ServiceView {
  service: Service;
  ports: PortView[];
  pods: PodView[];
  slices: EndpointSlice[];
  endpoints: Endpoints | null;
  nodes: Map<string, NodeObject>;
  dumps: NodeRules[];
  unknown: UnknownResource[];
  /** What stands in front of the pods (Snapshot.namespace, ingresses, ingressClasses). */
  namespace: NamespaceObject | null;
  ingresses: Ingress[];
  ingressClasses: IngressClass[];
  /** Addresses seen in slices, Endpoints or rules that match no pod. */
  orphans: OrphanView[];
  /** Pods of the namespace the selector does not match, when it matches none (Snapshot.namespacePods). */
  namespacePods?: Pod[];
  /** Every Node name the source read (Snapshot.nodeNames); absent when not collected. */
  nodeNames?: string[];
  /** "Now" as the input tells it (observed.ts): null when nothing in it carries a time. */
  observed: Observed | null;
  /** Nodes whose dataplane was collected and could not be read (--collect-dataplane), and why. */
  unreadDataplanes?: UnreadNode[];
}

export interface PortView {
  spec: ServicePort;
  /** Port name, or its number when unnamed (how slices and rules refer to it). */
  label: string;
  name: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface SliceEntry {
  slice: EndpointSlice;
  endpoint: EndpointSliceEndpoint;
  address: string;
}

export type EndpointsMembershipView = 'ready' | 'notReady' | 'absent' | 'unknown';

export interface PodView {
  pod: Pod;
  /** The Service's selector matches it (false: only an endpoint's targetRef names it). */
  selected: boolean;
  /** Not in the input: rebuilt from an endpoint's targetRef because Pods were not captured. */
  phantom: boolean;
  ips: string[];
  nodeName: string | null;
  node: NodeObject | undefined;
  zone: string | null;
  events: EventObject[];
  /** Per port label: the container port the targetPort resolves to, null when it doesn't. */
  targetPorts: Map<string, number | null>;
  sliceEntries: SliceEntry[];
  endpoints: EndpointsMembershipView;
}

export interface OrphanView {
  address: string;
  port: number | null;
  seenIn: string[];
  targetRef: string | null;
  sliceEntries: SliceEntry[];
  /** Nodes whose dumps list it: its share there, and what holds it back from new connections (IPVS weight 0, a Cilium state). */
  ruleNodes: { node: string; dataplane: Dataplane; share: number | null; held?: string }[];
  endpointsState: 'ready' | 'notReady' | null;
}

/**
 * The Kubernetes objects kubectl-slices reads, in their wire form: exactly the JSON that
 * `kubectl get -o json` prints and the API server serves (timestamps are RFC 3339 strings,
 * absent fields are absent). Only the fields we read are typed; everything else is kept
 * untouched so a snapshot can be written back verbatim.
 */
import type { Toleration } from './node.ts';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
  /** Server-side apply's record; each entry's `time` moves when its manager changes a field it owns. */
  managedFields?: { manager?: string; operation?: string; time?: string }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export type IntOrString = number | string;

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  targetPort?: IntOrString;
  nodePort?: number;
  appProtocol?: string;
}

export interface Service extends KubeObject {
  kind: 'Service';
  metadata: ObjectMeta & { name: string };
  spec?: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    selector?: Record<string, string>;
    ports?: ServicePort[];
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ipFamilies?: ('IPv4' | 'IPv6')[];
    ipFamilyPolicy?: string;
    externalTrafficPolicy?: 'Cluster' | 'Local';
    internalTrafficPolicy?: 'Cluster' | 'Local';
    publishNotReadyAddresses?: boolean;
    sessionAffinity?: 'None' | 'ClientIP';
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    loadBalancerSourceRanges?: string[];
    healthCheckNodePort?: number;
    trafficDistribution?: string;
    loadBalancerClass?: string;
  };
  status?: { loadBalancer?: LoadBalancerStatus };
}

/** core/v1 LoadBalancerIngress; `ipMode` (VIP | Proxy) is GA since 1.32 (LoadBalancerIPMode). */
export type LoadBalancerStatus = { ingress?: { ip?: string; hostname?: string; ipMode?: 'VIP' | 'Proxy' }[] };

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface ObjectReference {
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
}

export interface EndpointSliceEndpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: ObjectReference;
  hints?: { forZones?: { name: string }[]; forNodes?: { name: string }[] };
}

export interface EndpointPort {
  name?: string;
  port?: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  kind: 'EndpointSlice';
  metadata: ObjectMeta & { name: string };
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints?: EndpointSliceEndpoint[] | null;
  ports?: EndpointPort[] | null;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KubeObject {
  kind: 'Endpoints';
  metadata: ObjectMeta & { name: string };
  subsets?: EndpointSubset[];
}

export interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: IntOrString; host?: string; scheme?: string };
  tcpSocket?: { port: IntOrString };
  grpc?: { port: number; service?: string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** core/v1 LifecycleHandler: `sleep` is the PodLifecycleSleepAction (alpha 1.29, beta 1.30, GA 1.34). */
export interface LifecycleHandler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: IntOrString; host?: string; scheme?: string };
  tcpSocket?: { port: IntOrString };
  sleep?: { seconds: number };
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: LifecycleHandler; postStart?: LifecycleHandler };
  /** Set on a native sidecar (an init container that keeps running). */
  restartPolicy?: string;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Pod extends KubeObject {
  kind: 'Pod';
  metadata: ObjectMeta & { name: string };
  spec?: {
    nodeName?: string;
    containers?: Container[];
    initContainers?: Container[];
    readinessGates?: { conditionType: string }[];
    hostname?: string;
    subdomain?: string;
    hostNetwork?: boolean;
    terminationGracePeriodSeconds?: number;
    tolerations?: Toleration[];
  };
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    conditions?: PodCondition[];
    podIP?: string;
    podIPs?: { ip: string }[];
    hostIP?: string;
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    reason?: string;
    message?: string;
    startTime?: string;
  };
}

export interface EventObject extends KubeObject {
  kind: 'Event';
  metadata: ObjectMeta & { name: string };
  involvedObject?: ObjectReference;
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning';
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
}

export type NamespaceObject = KubeObject & { kind: 'Namespace'; metadata: ObjectMeta & { name: string } };

export type { HTTPRoute, GRPCRoute, ReferenceGrant, GatewayBackendRef, ParentReference } from './gateway.ts';
export type { Ingress, IngressBackend, IngressClass } from './ingress.ts';
export type { NodeCondition, NodeObject, Taint, Toleration } from './node.ts';

export { RESOURCE_KINDS, SNAPSHOT_KINDS, type ResourceKind, isService, isEndpointSlice, isEndpoints, isPod, isNode, isEvent, isNamespace, isIngress, isIngressClass } from './kinds.ts';

export { ANNOTATION_LAST_CHANGE_TRIGGER_TIME, ANNOTATION_OVER_CAPACITY, LABEL_SERVICE_NAME, LABEL_ZONE } from './wellKnown.ts';

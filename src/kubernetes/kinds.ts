/**
 * The kinds a Snapshot is made of, and a guard for each: the wire form says what an object is by
 * its kind (its shape is checked where it is read).
 */
import type { EndpointSlice, Endpoints, EventObject, Ingress, IngressClass, KubeObject, NamespaceObject, NodeObject, Pod, Service } from './objects.ts';

/** The resources a snapshot is made of. */
export const RESOURCE_KINDS = ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Node', 'Event', 'Namespace', 'Ingress', 'IngressClass'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
/**
 * What a snapshot holds besides its Service: each kind was either read (perhaps empty) or is
 * unknown. The Namespace (its readiness-gate label) and the Ingresses in front of the Service
 * (with their IngressClasses) decide the load-balancer facts of the termination window.
 */
export const SNAPSHOT_KINDS = ['EndpointSlice', 'Endpoints', 'Pod', 'Node', 'Event', 'Namespace', 'Ingress', 'IngressClass'] as const satisfies readonly ResourceKind[];

export const isService = (o: KubeObject): o is Service => o.kind === 'Service';
export const isEndpointSlice = (o: KubeObject): o is EndpointSlice => o.kind === 'EndpointSlice';
export const isEndpoints = (o: KubeObject): o is Endpoints => o.kind === 'Endpoints';
export const isPod = (o: KubeObject): o is Pod => o.kind === 'Pod';
export const isNode = (o: KubeObject): o is NodeObject => o.kind === 'Node';
export const isEvent = (o: KubeObject): o is EventObject => o.kind === 'Event';
export const isNamespace = (o: KubeObject): o is NamespaceObject => o.kind === 'Namespace';
export const isIngress = (o: KubeObject): o is Ingress => o.kind === 'Ingress';
export const isIngressClass = (o: KubeObject): o is IngressClass => o.kind === 'IngressClass';

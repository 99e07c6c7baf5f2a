/**
 * Gateway API v1 routes and ReferenceGrant in wire form (sigs.k8s.io/gateway-api apis/v1:
 * httproute_types.go, grpcroute_types.go, shared_types.go, object_reference_types.go,
 * referencegrant_types.go). GRPCRoute is GA since Gateway API v1.1; ReferenceGrant is served as
 * v1beta1 and, since v1.5, as v1 with the same schema. Only the fields we read are typed; the API
 * server applies the CRD defaults (group "", kind Service, weight 1), but a hand-written file may
 * omit them, so readers apply them again.
 */
import type { KubeObject, ObjectMeta } from './objects.ts';

/** BackendRef: BackendObjectReference (group, kind, name, namespace, port) plus weight. */
export interface GatewayBackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/** ParentReference: group defaults to gateway.networking.k8s.io and kind to Gateway. */
export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName?: string;
  conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string }[];
}

interface RouteObject<K extends string> extends KubeObject {
  kind: K;
  metadata: ObjectMeta & { name: string };
  spec?: {
    parentRefs?: ParentReference[];
    hostnames?: string[];
    rules?: { name?: string; matches?: unknown[]; filters?: unknown[]; backendRefs?: GatewayBackendRef[] }[];
  };
  status?: { parents?: RouteParentStatus[] };
}

export type HTTPRoute = RouteObject<'HTTPRoute'>;
export type GRPCRoute = RouteObject<'GRPCRoute'>;

export interface ReferenceGrant extends KubeObject {
  kind: 'ReferenceGrant';
  metadata: ObjectMeta & { name: string };
  spec?: {
    from?: { group: string; kind: string; namespace: string }[];
    to?: { group: string; kind: string; name?: string }[];
  };
}

/**
 * networking.k8s.io/v1 Ingress and IngressClass in wire form (k8s.io/api networking/v1/types.go:
 * IngressSpec, IngressBackend, IngressServiceBackend, ServiceBackendPort, IngressClassSpec). Only the
 * fields the route resolution reads are typed.
 */
import type { LoadBalancerStatus, ObjectMeta, KubeObject } from './objects.ts';

/**
 * A backend is either a Service in the Ingress's namespace (a port by `number` or by `name`, the
 * name of a *Service* port, mutually exclusive) or a `resource` (TypedLocalObjectReference).
 */
export interface IngressBackend {
  service?: { name: string; port?: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface Ingress extends KubeObject {
  kind: 'Ingress';
  metadata: ObjectMeta & { name: string };
  spec?: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend: IngressBackend }[] } }[];
  };
  status?: { loadBalancer?: LoadBalancerStatus };
}

export interface IngressClass extends KubeObject {
  kind: 'IngressClass';
  metadata: ObjectMeta & { name: string };
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind: string; name: string; namespace?: string; scope?: string } };
}

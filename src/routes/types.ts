/**
 * What an Ingress or a Gateway API route sends traffic to: per rule, each backend with its weight
 * and its share of the rule's requests, resolved to a Service port or named as a root cause. A
 * contract for `explain ingress/NAME` and `explain httproute/NAME`.
 */
import type { Evidence, Severity } from '../kubernetes/evidence.ts';
import type { IngressClassResolution } from '../kubernetes/ingressclass.ts';
import type { IngressClass, ReferenceGrant, Service, ServicePort } from '../kubernetes/objects.ts';

export type RouteCode = 'BackendServiceMissing' | 'BackendPortMissing' | 'BackendRefNotPermitted' | 'BackendActionInvalid';

export interface RouteFinding {
  code: RouteCode;
  severity: Severity;
  /** Where the backend is written: `httproute/shop/web rules[0].backendRefs[1]`. */
  subject: string;
  message: string;
  evidence: Evidence[];
  fix: string;
}

export type BackendResolution =
  | { state: 'resolved'; service: Service; servicePort: ServicePort }
  | { state: 'problem'; finding: RouteFinding }
  | { state: 'unknown'; why: string };

export interface RouteBackend {
  /** `service/shop/web:8080`, `service/shop/web:http`, `targetgroup/arn:aws:...`. */
  ref: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** A Service port number or (Ingress only) name; null when the reference gives none. */
  port: number | string | null;
  /** Null when unknown (an ALB forward target without a weight among several). */
  weight: number | null;
  /** weight / sum of the rule's weights (invalid backends count: their share gets errors); null when a weight is unknown. */
  share: number | null;
  /** The annotation the backend came from, for an ALB `use-annotation` action. */
  via: string | null;
  resolution: BackendResolution;
}

export interface RouteRule {
  /** `spec.defaultBackend`, `spec.rules[0].http.paths[1]`, `spec.rules[2]`. */
  name: string;
  /** `example.com/api (Prefix)`, `PathPrefix /cart`, `(all requests)`. */
  match: string;
  backends: RouteBackend[];
  /** Said when the rule sends nowhere for a reason that is not a backend's fault. */
  note: string | null;
}

export interface RouteParent {
  /** `gateway/infra/public:https` (kind/namespace/name:sectionName). */
  ref: string;
  controller: string | null;
  /** The parent's Accepted and ResolvedRefs conditions as the implementation wrote them. */
  accepted: string | null;
  resolvedRefs: string | null;
}

export interface RouteReport {
  kind: 'Ingress' | 'HTTPRoute' | 'GRPCRoute';
  namespace: string;
  name: string;
  /** Ingress only. */
  ingressClass: IngressClassResolution | null;
  /** Gateway API routes only. */
  parents: RouteParent[];
  rules: RouteRule[];
  findings: RouteFinding[];
  /** What could not be established and why. */
  unknown: string[];
}

/**
 * What the input holds. A list is complete only for the namespaces it names ('all' for a
 * cluster-wide list): a Service missing there is missing; anywhere else it is unknown.
 */
export interface RouteInputs {
  services: readonly Service[];
  serviceNamespaces: 'all' | readonly string[];
  referenceGrants: readonly ReferenceGrant[];
  referenceGrantNamespaces: 'all' | readonly string[];
  /** Null when IngressClasses were not listed (or forbidden). */
  ingressClasses: readonly IngressClass[] | null;
}

export function listedIn(namespaces: 'all' | readonly string[], namespace: string): boolean {
  return namespaces === 'all' || namespaces.includes(namespace);
}

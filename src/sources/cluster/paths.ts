/** REST paths of the resources we read (core v1, discovery.k8s.io/v1, networking.k8s.io/v1). Omit the namespace to read across all of them. */

const seg = (s: string) => encodeURIComponent(s);
const grouped = (gv: string, ns: string | undefined, resource: string) => (ns === undefined ? `/apis/${gv}/${resource}` : `/apis/${gv}/namespaces/${seg(ns)}/${resource}`);
const core = (ns: string | undefined, resource: string) => (ns === undefined ? `/api/v1/${resource}` : `/api/v1/namespaces/${seg(ns)}/${resource}`);

export const paths = {
  services: (ns?: string) => core(ns, 'services'),
  service: (ns: string, name: string) => `${core(ns, 'services')}/${seg(name)}`,
  endpointSlices: (ns?: string) => (ns === undefined ? '/apis/discovery.k8s.io/v1/endpointslices' : `/apis/discovery.k8s.io/v1/namespaces/${seg(ns)}/endpointslices`),
  endpointsList: (ns?: string) => core(ns, 'endpoints'),
  endpoints: (ns: string, name: string) => `${core(ns, 'endpoints')}/${seg(name)}`,
  pods: (ns?: string) => core(ns, 'pods'),
  pod: (ns: string, name: string) => `${core(ns, 'pods')}/${seg(name)}`,
  events: (ns: string) => core(ns, 'events'),
  /** apps/v1 workloads: deployments, statefulsets, daemonsets, replicasets. */
  workload: (ns: string, resource: string, name: string) => `/apis/apps/v1/namespaces/${seg(ns)}/${resource}/${seg(name)}`,
  nodes: () => '/api/v1/nodes',
  namespaces: () => '/api/v1/namespaces',
  namespace: (name: string) => `/api/v1/namespaces/${seg(name)}`,
  ingresses: (ns?: string) => grouped('networking.k8s.io/v1', ns, 'ingresses'),
  ingress: (ns: string, name: string) => `${grouped('networking.k8s.io/v1', ns, 'ingresses')}/${seg(name)}`,
  ingressClasses: () => '/apis/networking.k8s.io/v1/ingressclasses',
  ingressClass: (name: string) => `/apis/networking.k8s.io/v1/ingressclasses/${seg(name)}`,
  gatewayRoute: (resource: 'httproutes' | 'grpcroutes', ns: string, name: string) => `${grouped('gateway.networking.k8s.io/v1', ns, resource)}/${seg(name)}`,
  /** ReferenceGrant is served as v1beta1 by every Gateway API release (v1 too since v1.5, same schema). */
  referenceGrants: (ns: string) => grouped('gateway.networking.k8s.io/v1beta1', ns, 'referencegrants'),
  node: (name: string) => `/api/v1/nodes/${seg(name)}`,
};

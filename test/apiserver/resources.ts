/**
 * The resources the test API server serves, described the way discovery describes them
 * (names, kinds, short names and verbs copied from a real v1.32 cluster's APIResourceList; the
 * Gateway API kinds as their CRDs declare them, gateway-api v1.3.0 standard channel: HTTPRoute
 * and GRPCRoute served as v1, ReferenceGrant as v1beta1 with short name `refgrant`).
 */

export interface ResourceType {
  /** Plural, lowercase: the URL segment ("pods"). */
  name: string;
  singularName: string;
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  /** Extra field selector labels beyond metadata.name / metadata.namespace. */
  fields: string[];
}

const GATEWAY = 'gateway.networking.k8s.io';
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceType[] = [
  core('namespaces', 'Namespace', false, ['ns'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['status.phase']),
  core('nodes', 'Node', false, ['no'], ALL_VERBS, ['spec.unschedulable']),
  core('pods', 'Pod', true, ['po'], ALL_VERBS, [
    'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
    'status.phase', 'status.podIP', 'status.nominatedNodeName',
  ]),
  core('services', 'Service', true, ['svc'], ALL_VERBS, []),
  core('endpoints', 'Endpoints', true, ['ep'], ALL_VERBS, []),
  core('configmaps', 'ConfigMap', true, ['cm'], ALL_VERBS, []),
  core('events', 'Event', true, ['ev'], ALL_VERBS, [
    'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
    'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
    'reason', 'reportingComponent', 'source', 'type',
  ]),
  {
    name: 'endpointslices', singularName: 'endpointslice', kind: 'EndpointSlice', group: 'discovery.k8s.io',
    version: 'v1', namespaced: true, shortNames: [], verbs: ALL_VERBS, fields: ['addressType'],
  },
  apps('deployments', 'Deployment', ['deploy']),
  apps('statefulsets', 'StatefulSet', ['sts']),
  apps('daemonsets', 'DaemonSet', ['ds']),
  apps('replicasets', 'ReplicaSet', ['rs']),
  grouped('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, ['ing']),
  grouped('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false, []),
  grouped(GATEWAY, 'v1', 'httproutes', 'HTTPRoute', true, []),
  grouped(GATEWAY, 'v1', 'grpcroutes', 'GRPCRoute', true, []),
  grouped(GATEWAY, 'v1beta1', 'referencegrants', 'ReferenceGrant', true, ['refgrant']),
];

function apps(name: string, kind: string, shortNames: string[]): ResourceType {
  return grouped('apps', 'v1', name, kind, true, shortNames);
}

function grouped(group: string, version: string, name: string, kind: string, namespaced: boolean, shortNames: string[]): ResourceType {
  return { name, singularName: kind.toLowerCase(), kind, group, version, namespaced, shortNames, verbs: ALL_VERBS, fields: [] };
}

function core(name: string, kind: string, namespaced: boolean, shortNames: string[], verbs: string[], fields: string[]): ResourceType {
  return { name, singularName: kind.toLowerCase(), kind, group: '', version: 'v1', namespaced, shortNames, verbs, fields };
}

/** "v1" or "discovery.k8s.io/v1". */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function resourceByName(group: string, version: string, name: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name);
}

export function resourceByKind(kind: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/**
 * What `explain` may start from: a Service, or a pod or a workload whose pods the Services are
 * then found for, or a route in front of Services (an Ingress, a Gateway API HTTPRoute or
 * GRPCRoute) whose backends are. Kinds are spelled as kubectl spells them, short names included
 * (discovery's shortNames on a v1.32 cluster: svc, po, deploy, sts, ds, rs, ing; the Gateway API
 * CRDs declare none for routes), with or without the API group.
 */
import { UsageError } from '../failures.ts';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet';
export type RouteKind = 'Ingress' | 'HTTPRoute' | 'GRPCRoute';
export type TargetKind = 'Service' | 'Pod' | WorkloadKind | RouteKind;

export const isRouteKind = (kind: TargetKind): kind is RouteKind => kind === 'Ingress' || kind === 'HTTPRoute' || kind === 'GRPCRoute';

export interface Target {
  kind: TargetKind;
  name: string;
}

const SPELLINGS: Record<string, TargetKind> = {
  svc: 'Service', service: 'Service', services: 'Service',
  po: 'Pod', pod: 'Pod', pods: 'Pod',
  deploy: 'Deployment', deployment: 'Deployment', deployments: 'Deployment', 'deployment.apps': 'Deployment', 'deployments.apps': 'Deployment',
  sts: 'StatefulSet', statefulset: 'StatefulSet', statefulsets: 'StatefulSet', 'statefulset.apps': 'StatefulSet', 'statefulsets.apps': 'StatefulSet',
  ds: 'DaemonSet', daemonset: 'DaemonSet', daemonsets: 'DaemonSet', 'daemonset.apps': 'DaemonSet', 'daemonsets.apps': 'DaemonSet',
  ing: 'Ingress', ingress: 'Ingress', ingresses: 'Ingress', 'ingress.networking.k8s.io': 'Ingress', 'ingresses.networking.k8s.io': 'Ingress',
  httproute: 'HTTPRoute', httproutes: 'HTTPRoute', 'httproute.gateway.networking.k8s.io': 'HTTPRoute', 'httproutes.gateway.networking.k8s.io': 'HTTPRoute',
  grpcroute: 'GRPCRoute', grpcroutes: 'GRPCRoute', 'grpcroute.gateway.networking.k8s.io': 'GRPCRoute', 'grpcroutes.gateway.networking.k8s.io': 'GRPCRoute',
  rs: 'ReplicaSet', replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', 'replicaset.apps': 'ReplicaSet', 'replicasets.apps': 'ReplicaSet',
};

/** REST resource of each workload kind (apps/v1). */
export const WORKLOAD_RESOURCE: Record<WorkloadKind, string> = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets' };

/** `web` (a Service), `svc/web`, `po/web-0`, `deploy/web`, `statefulsets.apps/db`... */
export function parseTarget(arg: string): Target {
  const slash = arg.indexOf('/');
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  const kind = slash >= 0 ? SPELLINGS[arg.slice(0, slash).toLowerCase()] : 'Service';
  if (kind === undefined) {
    throw new UsageError(`"${arg}": explain starts from a Service (NAME, svc/NAME), a pod (pod/NAME), a workload (deploy/, sts/, ds/, rs/NAME) or a route (ingress/, httproute/, grpcroute/NAME)`);
  }
  // DNS-1123 subdomain: pods, workloads and routes may have dots in their names, Services may not.
  const valid = kind === 'Service' ? /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ : /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  if (!valid.test(name) || name.length > 253) throw new UsageError(`"${name}" is not a valid ${kind} name`);
  return { kind, name };
}

/** `deployment/web`, as kubectl names objects. */
export function targetName(target: Target): string {
  return `${target.kind.toLowerCase()}/${target.name}`;
}

/**
 * What `explain` was asked to explain, and the snapshots that answer it: one Service by name (a
 * ServiceExplanation), several by name or by `-l` (a list, `-l` worst first), or a pod or a
 * workload (a list of the Services that concern its pods, explained for those pods, worst first),
 * or a route (a list of the Services its backends resolve to, in the route's order, with the
 * route's own report), read from `-f` files or from the cluster.
 */
import { UsageError } from '../failures.ts';
import { isService, type KubeObject, type Service } from '../kubernetes/objects.ts';
import { parseSelector, matchesRequirements } from '../kubernetes/selector.ts';
import { isRouteKind, parseTarget, type RouteKind, type Target } from '../kubernetes/target.ts';
import type { ServiceRef } from '../kubernetes/ref.ts';
import { routeFromObjects } from '../model/route.ts';
import type { Snapshot } from '../model/snapshot.ts';
import type { RouteReport } from '../routes/types.ts';
import { servicesAndSlices, servicesFor, startFromObjects, type StartPods } from '../model/start.ts';
import { fileSnapshotOf, type FileSnapshotOptions } from '../sources/files.ts';
import type { LiveSnapshotOptions } from '../sources/cluster/snapshot.ts';
import type { ClusterConnection } from '../sources/cluster/connect.ts';

export type ExplainRequest =
  | { type: 'single'; ref: ServiceRef }
  | { type: 'services'; refs: ServiceRef[]; selector: string | undefined }
  | { type: 'start'; target: Target }
  | { type: 'route'; target: { kind: RouteKind; name: string } };

/** From the arguments and -l: kubectl's rule that a name and a selector do not go together. */
export function explainRequest(args: readonly string[], selector: string | undefined, namespace: string | undefined): ExplainRequest {
  if (selector !== undefined && args.length > 0) throw new UsageError('a name cannot be given together with -l: give Services by name, or select them with -l');
  if (selector !== undefined) {
    parseSelector(selector);
    return { type: 'services', refs: [], selector };
  }
  if (args.length === 0) throw new UsageError('explain what? give a Service (NAME, svc/NAME), -l SELECTOR, a pod (pod/NAME) or a workload (deploy/NAME, sts/, ds/, rs/)');
  const targets = args.map(parseTarget);
  const starts = targets.filter((t) => t.kind !== 'Service');
  if (starts.length > 0) {
    if (targets.length > 1) throw new UsageError('explain starts from one pod, workload or route at a time, without Services beside it');
    const [start] = starts as [Target];
    return isRouteKind(start.kind) ? { type: 'route', target: { kind: start.kind, name: start.name } } : { type: 'start', target: start };
  }
  const refs = targets.map((t) => (namespace ? { name: t.name, namespace } : { name: t.name }));
  return refs.length === 1 ? { type: 'single', ref: refs[0] as ServiceRef } : { type: 'services', refs, selector: undefined };
}

/** Snapshots to explain; `start` when they were found from a pod or workload, with the namespace's Services for near misses. */
export interface Resolved {
  snapshots: Snapshot[];
  /** Where Services were looked for: undefined for every namespace of the files. */
  namespace?: string;
  start?: { target: Target; pods: StartPods; services: Service[] };
  /** From a route: what its backends resolve to. */
  route?: RouteReport;
}

const inScope = (namespace: string | undefined) => (s: KubeObject) => namespace === undefined || (s.metadata?.namespace ?? 'default') === namespace;

export async function resolveFromObjects(objects: readonly KubeObject[], request: ExplainRequest, namespace: string | undefined, options: FileSnapshotOptions = {}): Promise<Resolved> {
  const snapshotOf = (ref: ServiceRef) => fileSnapshotOf(objects, ref, options);
  const load = (refs: readonly ServiceRef[]) => Promise.all(refs.map(snapshotOf));
  if (request.type === 'single') return { snapshots: await load([request.ref]) };
  if (request.type === 'route') {
    const { report, services } = routeFromObjects(objects, request.target, namespace);
    return { snapshots: await load(services), route: report };
  }
  if (request.type === 'services') {
    const refs = request.selector === undefined ? request.refs : selectedServices(objects.filter(isService).filter(inScope(namespace)), request.selector);
    return { snapshots: await load(refs), namespace };
  }
  const pods = startFromObjects(objects, request.target, namespace);
  const { services, slices } = servicesAndSlices(objects);
  const found = servicesFor(pods, services, slices);
  const snapshots = await load(found.map((s) => ({ name: s.metadata.name, namespace: pods.namespace })));
  return { snapshots, start: { target: request.target, pods, services: services.filter(inScope(pods.namespace)) } };
}

function selectedServices(services: readonly Service[], selector: string): ServiceRef[] {
  const requirements = parseSelector(selector);
  return services.filter((s) => matchesRequirements(s.metadata.labels, requirements)).map((s) => ({ name: s.metadata.name, namespace: s.metadata.namespace ?? 'default' }));
}

export async function resolveLive(cluster: ClusterConnection, request: ExplainRequest, options: LiveSnapshotOptions = {}): Promise<Resolved> {
  const { fetchRoute, fetchServicesBySelector, fetchStart, loadSnapshot } = await import('../sources/cluster/live.ts');
  const namespace = cluster.namespace;
  const load = (refs: readonly ServiceRef[]) => Promise.all(refs.map((ref) => loadSnapshot(cluster, ref, options)));
  if (request.type === 'single') return { snapshots: await load([request.ref]) };
  if (request.type === 'route') {
    const { report, services } = await fetchRoute(cluster.client, request.target, namespace);
    return { snapshots: await load(services), route: report };
  }
  if (request.type === 'services') {
    const refs = request.selector === undefined ? request.refs : (await fetchServicesBySelector(cluster.client, namespace, request.selector)).map((s) => ({ name: s.metadata.name, namespace }));
    return { snapshots: await load(refs), namespace };
  }
  const live = await fetchStart(cluster.client, request.target, namespace);
  const found = servicesFor(live.start, live.services);
  return { snapshots: await load(found.map((s) => ({ name: s.metadata.name, namespace }))), start: { target: request.target, pods: live.start, services: live.services } };
}

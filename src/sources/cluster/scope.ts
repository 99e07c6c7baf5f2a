/**
 * Everything `kubectl slices list` needs for a namespace (or all of them): paginated lists, in
 * parallel, once for the whole scope, never one request per Service: Services, EndpointSlices,
 * Endpoints, Pods, and for the termination window the Ingresses, IngressClasses and the
 * Namespace(s). Nodes and events are not read: they add detail to a pod's reasons, but no
 * Service-level finding depends on them.
 */
import { InputError } from '../../failures.ts';
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { KubeClient } from './client.ts';
import { ApiError } from './failures.ts';
import type { FetchedObjects } from './fetch.ts';
import { Gathering, getOrNull } from './gathering.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

export interface Scope {
  /** undefined: every namespace (-A). */
  namespace: string | undefined;
  /** -l: selects Services (as `kubectl get svc -l`). */
  labelSelector: string | undefined;
}

export async function fetchScopeObjects(client: KubeClient, scope: Scope): Promise<FetchedObjects> {
  const g = new Gathering();
  const ns = scope.namespace;
  const lists = await Promise.all([
    listServices(client, scope),
    g.tolerate('EndpointSlice', () => listAll(client, paths.endpointSlices(ns)), [], true),
    g.tolerate('Endpoints', () => listAll(client, paths.endpointsList(ns)), []),
    g.tolerate('Pod', () => listAll(client, paths.pods(ns)), []),
    g.tolerate('Ingress', () => listAll(client, paths.ingresses(ns)), [], true),
    g.tolerate('IngressClass', () => listAll(client, paths.ingressClasses()), [], true),
    ns === undefined ? g.tolerate('Namespace', () => listAll(client, paths.namespaces()), []) : g.tolerate('Namespace', async () => [await getOrNull(() => client.get<KubeObject>(paths.namespace(ns)))].filter((n): n is KubeObject => n !== null), []),
  ]);
  for (const list of lists) g.add(list);
  return { objects: g.objects, unknown: g.unknown };
}

async function listServices(client: KubeClient, scope: Scope): Promise<KubeObject[]> {
  try {
    return await listAll(client, paths.services(scope.namespace), { labelSelector: scope.labelSelector });
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      const where = scope.namespace === undefined ? 'at the cluster scope (-A)' : `in namespace "${scope.namespace}"`;
      throw new InputError(`${err.serverMessage}: kubectl slices list needs list on services ${where}`);
    }
    if (err instanceof ApiError && err.status === 400) throw new InputError(`invalid -l selector "${scope.labelSelector ?? ''}": ${err.serverMessage}`);
    throw err;
  }
}

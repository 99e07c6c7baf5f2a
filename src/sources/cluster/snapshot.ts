/**
 * From the API server to Snapshots, the way `explain`, `snapshot` and `list` all read a cluster:
 * fetch the fewest objects (fetch.ts for one Service, scope.ts for a namespace or all of them),
 * then pick each Service's objects with the same `selectService` the files go through. Kinds the
 * server refused are unknown, never empty.
 */
import type { ServiceRef } from '../../kubernetes/ref.ts';
import { selectService } from '../../model/select.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import type { KubeClient } from './client.ts';
import { fetchServiceObjects } from './fetch.ts';
import { fetchScopeObjects, type Scope } from './scope.ts';
import { selectEveryService } from './services.ts';

/** What a command needs of a connection: a client, and the namespace flags and context resolved to. */
export interface ClusterScope {
  client: KubeClient;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
}

/**
 * One Service and its objects; without a namespace in `ref`, in the connection's namespace.
 * `dumpNodes`: the nodes the --iptables dumps are named after, read too so their names are checked.
 */
export async function loadSnapshot(cluster: ClusterScope, ref: ServiceRef, dumpNodes: readonly string[] = []): Promise<Snapshot> {
  const live = { name: ref.name, namespace: ref.namespace ?? cluster.namespace };
  const fetched = await fetchServiceObjects(cluster.client, live, dumpNodes);
  return selectService(fetched.objects, live, { unknown: fetched.unknown, dumpNodes });
}

export interface ScopeSnapshots {
  /** One per Service in scope, in the order the server listed them. */
  snapshots: Snapshot[];
  /** Resources that could not be read for the whole scope ("Pod: forbidden: ..."). */
  unknown: string[];
}

/** Every Service of a namespace (or, with `namespace` undefined, of the cluster), from four lists. */
export async function loadScopeSnapshots(cluster: ClusterScope, scope: Scope): Promise<ScopeSnapshots> {
  const fetched = await fetchScopeObjects(cluster.client, scope);
  return { snapshots: selectEveryService(fetched), unknown: fetched.unknown.map((u) => `${u.kind}: ${u.why}`) };
}

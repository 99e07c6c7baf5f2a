/**
 * From the API server to Snapshots, the way `explain`, `snapshot` and `list` all read a cluster:
 * fetch the fewest objects (fetch.ts for one Service, scope.ts for a namespace or all of them),
 * then pick each Service's objects with the same `selectService` the files go through. Kinds the
 * server refused are unknown, never empty.
 */
import type { ServiceRef } from '../../kubernetes/ref.ts';
import { selectService } from '../../model/select.ts';
import type { NodeObject } from '../../kubernetes/objects.ts';
import type { Snapshot } from '../../model/snapshot.ts';
import { podIPs } from '../../kubernetes/pod.ts';
import { unownedAddresses, type RuleAddressesOf } from '../../model/ruleAddresses.ts';
import type { KubeClient } from './client.ts';
import { Gathering } from './gathering.ts';
import { fetchPodsByAddress } from './podsByAddress.ts';
import { fetchServiceObjects } from './fetch.ts';
import { fetchScopeObjects, type Scope } from './scope.ts';
import { selectEveryService } from './services.ts';

/** What a command needs of a connection: a client, and the namespace flags and context resolved to. */
export interface ClusterScope {
  client: KubeClient;
  /** -n, else the context's namespace, else "default". */
  namespace: string;
}

export interface LiveSnapshotOptions {
  /** The nodes the --iptables dumps are named after, read too so their names are checked. */
  dumpNodes?: readonly string[];
  /** explain --iptables: the addresses node rules reach, so pods that only they still reach are looked up too. */
  ruleAddressesOf?: RuleAddressesOf;
  /** Nodes whose rules are read and whose objects are already read (`--collect-dataplane=all` lists every Node): kept like dump nodes, not read again. */
  listedNodes?: readonly NodeObject[];
}

/** One Service and its objects; without a namespace in `ref`, in the connection's namespace. */
export async function loadSnapshot(cluster: ClusterScope, ref: ServiceRef, options: LiveSnapshotOptions = {}): Promise<Snapshot> {
  const listed = options.listedNodes ?? [];
  const dumpNodes = [...(options.dumpNodes ?? []), ...listed.map((n) => n.metadata.name)];
  const live = { name: ref.name, namespace: ref.namespace ?? cluster.namespace };
  const fetched = await fetchServiceObjects(cluster.client, live, dumpNodes, listed);
  const capturedAt = new Date().toISOString();
  const snapshot = { ...selectService(fetched.objects, live, { unknown: fetched.unknown, dumpNodes }), capturedAt };
  if (options.ruleAddressesOf === undefined) return snapshot;
  const addresses = await options.ruleAddressesOf(snapshot.service, { snapshot, captures: [] });
  const unowned = unownedAddresses(addresses, snapshot.pods.flatMap(podIPs));
  if (unowned.size === 0) return snapshot;
  const g = new Gathering();
  g.add(fetched.objects);
  g.unknown.push(...fetched.unknown);
  g.add(await fetchPodsByAddress(cluster.client, live.namespace, unowned, g));
  return { ...selectService(g.objects, live, { unknown: g.unknown, dumpNodes, ruleAddresses: addresses }), capturedAt };
}

export interface ScopeSnapshots {
  /** One per Service in scope, in the order the server listed them. */
  snapshots: Snapshot[];
  /** Resources that could not be read for the whole scope ("Pod: forbidden: ..."). */
  unknown: string[];
}

/** Every Service of a namespace (or, with `namespace` undefined, of the cluster), from one list per kind (scope.ts). */
export async function loadScopeSnapshots(cluster: ClusterScope, scope: Scope): Promise<ScopeSnapshots> {
  const fetched = await fetchScopeObjects(cluster.client, scope);
  const capturedAt = new Date().toISOString();
  return { snapshots: selectEveryService(fetched).map((s) => ({ ...s, capturedAt })), unknown: fetched.unknown.map((u) => `${u.kind}: ${u.why}`) };
}

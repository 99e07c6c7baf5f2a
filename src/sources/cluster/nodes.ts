/**
 * The Nodes a Service's pods and endpoints run on (Ready condition, zone labels). A GET per node
 * is the narrowest read: a Service usually spans a handful of nodes, and a Node object is large
 * (images, addresses, conditions). Past NODE_GETS_MAX distinct nodes, one paginated LIST of all
 * nodes costs fewer requests (2 per 1,000 nodes) than a GET each. Nodes are cluster-scoped and
 * namespace-bound RBAC (the "view" ClusterRole in a RoleBinding) rarely grants them: a 403 makes
 * them unknown, it does not stop the explanation.
 */
import type { KubeObject, NodeObject } from '../../kubernetes/objects.ts';
import type { KubeClient } from './client.ts';
import { getOrNull, type Gathering } from './gathering.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

export const NODE_GETS_MAX = 50;

export async function fetchNodes(client: KubeClient, names: ReadonlySet<string>, gathering: Gathering): Promise<void> {
  if (names.size === 0 || gathering.isUnknown('Node')) return;
  if (names.size > NODE_GETS_MAX) {
    const all = await gathering.tolerate('Node', () => listAll(client, paths.nodes()), []);
    gathering.add(all.filter((node) => names.has(node.metadata?.name ?? '')));
    return;
  }
  const nodes = await Promise.all(
    [...names].map((name) => gathering.tolerate('Node', () => getOrNull(() => client.get<NodeObject>(paths.node(name))), null)),
  );
  gathering.add(nodes.filter((node): node is NodeObject => node !== null));
}

/** Node names of pods and slice endpoints, the ones `selectService` keeps. */
export function nodeNamesOf(objects: readonly KubeObject[]): Set<string> {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Pod') addName(names, (o as { spec?: { nodeName?: string } }).spec?.nodeName);
    if (o.kind === 'EndpointSlice') for (const e of (o as { endpoints?: { nodeName?: string }[] | null }).endpoints ?? []) addName(names, e.nodeName);
  }
  return names;
}

function addName(names: Set<string>, name: string | undefined): void {
  if (name) names.add(name);
}

/**
 * Which nodes' rules matter to a Service: the nodes its pods run on and the nodes its
 * EndpointSlices place endpoints on (the endpoint's `nodeName`, what kube-proxy reads for
 * locality), plus any the user names. Every node routes a Service's cluster IP, but these are the
 * ones whose Local-policy lists and own endpoints explain what the pods get; `--collect-dataplane=all`
 * reads every node instead.
 */
import type { Snapshot } from '../model/snapshot.ts';
import { byText } from '../kubernetes/order.ts';

export function serviceNodes(snapshot: Pick<Snapshot, 'pods' | 'endpointSlices'>, named: readonly string[] = []): string[] {
  const nodes = new Set<string>(named);
  for (const pod of snapshot.pods) if (pod.spec?.nodeName) nodes.add(pod.spec.nodeName);
  for (const slice of snapshot.endpointSlices) for (const endpoint of slice.endpoints ?? []) if (endpoint.nodeName) nodes.add(endpoint.nodeName);
  return [...nodes].sort(byText);
}

/**
 * Names given with --nodes that are no Node: the Nodes were read (live: a GET of each named one)
 * and none has that name. Null when the Nodes are unknown (forbidden): then nobody can tell.
 */
export function namesWithoutNode(named: readonly string[], snapshot: Pick<Snapshot, 'nodeNames' | 'unknown'>): string[] | null {
  if (snapshot.nodeNames === undefined || snapshot.unknown.some((u) => u.kind === 'Node')) return null;
  const known = new Set(snapshot.nodeNames);
  return named.filter((name) => !known.has(name));
}

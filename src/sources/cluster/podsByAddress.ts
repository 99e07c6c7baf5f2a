/**
 * The pods that have the addresses node rules still send a Service's traffic to, when neither the
 * selector nor an endpoint named them (a pod relabelled out of the Service, reached by stale
 * rules). One list per address with the `status.podIP` field selector, which the API server serves
 * for pods (pkg/registry/core/pod/strategy.go ToSelectableFields). Stale addresses are few; past
 * ADDRESSES_MAX they are left as addresses without a pod rather than cost a request each.
 */
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { KubeClient } from './client.ts';
import type { Gathering } from './gathering.ts';
import { fetchNodes, nodeNamesOf } from './nodes.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

const ADDRESSES_MAX = 16;

export async function fetchPodsByAddress(client: KubeClient, namespace: string, addresses: ReadonlySet<string>, g: Gathering): Promise<KubeObject[]> {
  if (addresses.size === 0 || addresses.size > ADDRESSES_MAX || g.isUnknown('Pod')) return [];
  const lists = await Promise.all([...addresses].map((ip) => g.tolerate('Pod', () => listAll(client, paths.pods(namespace), { fieldSelector: `status.podIP=${ip}` }), [])));
  const pods = lists.flat();
  const known = new Set(nodeNamesOf(g.objects));
  await fetchNodes(client, new Set([...nodeNamesOf(pods)].filter((n) => !known.has(n))), g);
  return pods;
}

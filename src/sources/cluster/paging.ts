/**
 * Paginated lists, as kubectl and client-go's pager do them: `limit=500`, then `continue` until
 * the server stops sending a token. No resourceVersion, so the list is a consistent read at the
 * latest revision (served from the watch cache on recent servers). A continue token that expired
 * mid-list (410) restarts the list unpaginated, as client-go's ListPager falls back to.
 *
 * Items of a typed list (PodList...) come without kind/apiVersion; they are filled in, as
 * `kubectl get -o json` prints them, so the objects can be selected and written back as-is.
 */
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { KubeClient, Query } from './client.ts';
import { ApiError } from './failures.ts';

export const PAGE_SIZE = 500;

interface ListReply {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string };
  items?: KubeObject[] | null;
}

export async function listAll(client: KubeClient, path: string, query: Query = {}): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    let page: ListReply;
    try {
      page = await client.get<ListReply>(path, { ...query, limit: String(PAGE_SIZE), continue: token });
    } catch (err) {
      if (token !== undefined && err instanceof ApiError && err.status === 410) return withTypes(await client.get<ListReply>(path, query));
      throw err;
    }
    items.push(...withTypes(page));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

function withTypes(list: ListReply): KubeObject[] {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  // apiVersion and kind first, in the order kubectl prints them.
  return (list.items ?? []).map((item) => ({ apiVersion: item.apiVersion ?? list.apiVersion, kind: item.kind ?? kind, ...item }));
}

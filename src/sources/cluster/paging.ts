/**
 * Paginated lists, as kubectl and client-go's pager do them: `limit=500`, then `continue` until
 * the server stops sending a token. No resourceVersion, so the list is a consistent read at the
 * latest revision (served from the watch cache on recent servers). A continue token that expired
 * mid-list (410) restarts the list unpaginated, as client-go's ListPager falls back to.
 *
 * Every page of a paginated list is served from the first page's snapshot, so the first page's
 * resourceVersion is the list's: the version a watch resumes from (watch/informer.ts).
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
  metadata?: { continue?: string; resourceVersion?: string };
  items?: KubeObject[] | null;
}

export interface Listed {
  objects: KubeObject[];
  /** The list's resourceVersion ("" when the server gives none). */
  resourceVersion: string;
}

export async function listAll(client: KubeClient, path: string, query: Query = {}): Promise<KubeObject[]> {
  return (await listWithVersion(client, path, query)).objects;
}

export async function listWithVersion(client: KubeClient, path: string, query: Query = {}): Promise<Listed> {
  const objects: KubeObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    let page: ListReply;
    try {
      page = await client.get<ListReply>(path, { ...query, limit: String(PAGE_SIZE), continue: token });
    } catch (err) {
      if (token === undefined || !(err instanceof ApiError && err.status === 410)) throw err;
      const whole = await client.get<ListReply>(path, query);
      return { objects: withTypes(whole), resourceVersion: whole.metadata?.resourceVersion ?? '' };
    }
    if (token === undefined) resourceVersion = page.metadata?.resourceVersion ?? '';
    objects.push(...withTypes(page));
    token = page.metadata?.continue || undefined;
  } while (token);
  return { objects, resourceVersion };
}

function withTypes(list: ListReply): KubeObject[] {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  // apiVersion and kind first, in the order kubectl prints them.
  return (list.items ?? []).map((item) => ({ apiVersion: item.apiVersion ?? list.apiVersion, kind: item.kind ?? kind, ...item }));
}

/**
 * The list half of list+watch: every page, and the resourceVersion the watch resumes from. The
 * cluster layer's `listAll` drops that version, which a watch cannot do without.
 */
import type { KubeObject } from '../../kubernetes/objects.ts';
import type { KubeClient, Query } from '../../sources/cluster/client.ts';

const PAGE_SIZE = 500;

interface ListReply {
  kind?: string;
  apiVersion?: string;
  metadata?: { continue?: string; resourceVersion?: string };
  items?: KubeObject[] | null;
}

export interface Listed {
  objects: KubeObject[];
  resourceVersion: string;
}

export async function listWithVersion(client: KubeClient, path: string, query: Query): Promise<Listed> {
  const objects: KubeObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const page = await client.get<ListReply>(path, { ...query, limit: String(PAGE_SIZE), continue: token });
    // Every page of a paginated list is served from the first page's snapshot: its version is the list's.
    if (token === undefined) resourceVersion = page.metadata?.resourceVersion ?? '';
    objects.push(...withTypes(page));
    token = page.metadata?.continue || undefined;
  } while (token);
  return { objects, resourceVersion };
}

/** Items of a typed list come without kind and apiVersion; `selectService` needs the kind. */
function withTypes(list: ListReply): KubeObject[] {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  return (list.items ?? []).map((item) => ({ apiVersion: item.apiVersion ?? list.apiVersion, kind: item.kind ?? kind, ...item }));
}

/**
 * The read verbs: get one object, list (selectors, paging), and the parameters of a watch.
 * Each returns what to answer; handler.ts writes it.
 */
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { ContinueError, decodeContinue, pageOf, type Page } from './pagination.ts';
import { apiVersionOf } from './resources.ts';
import type { ResourceRoute } from './routes.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError, type Matcher } from './selectors.ts';
import { badRequest, continueExpired, notFound, tooOldResourceVersion, type Status } from './status.ts';
import type { ObjectStore } from './store.ts';
import { toTable, type IncludeObject } from './tables.ts';
import type { WatchRequest } from './watch.ts';

export interface Answer { code: number; body: unknown; contentType?: string }

/** How the client wants objects: as themselves, or as server-printed Table rows. */
export interface Rendering { table: boolean; includeObject: IncludeObject }

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function getObject(store: ObjectStore, route: ResourceRoute, name: string, rendering: Rendering): Answer {
  const obj = store.get(route.type, route.namespace, name);
  if (!obj) return failed(notFound(route.type, name));
  if (!rendering.table) return { code: 200, body: obj };
  const table = toTable(route.type, [obj], { resourceVersion: obj.metadata?.resourceVersion ?? '' }, rendering.includeObject);
  return { code: 200, body: table, contentType: TABLE_CONTENT_TYPE };
}

export function listObjects(store: ObjectStore, route: ResourceRoute, query: URLSearchParams, rendering: Rendering): Answer {
  let match: Matcher;
  let page: Page;
  let rv: number;
  try {
    match = selectorsOf(route, query);
    const token = query.get('continue') ? decodeContinue(query.get('continue') ?? '') : undefined;
    rv = token?.rv ?? listResourceVersion(store, query);
    const entries = store.listAt(route.type, route.namespace, rv);
    if (!entries) return failed(token ? continueExpired() : tooOldResourceVersion(rv, store.oldestResourceVersion));
    const selected = entries.filter((e) => match(e.object));
    const noSelectors = !query.get('labelSelector') && !query.get('fieldSelector');
    page = pageOf(selected, rv, Number(query.get('limit') ?? 0) || 0, token?.start, noSelectors);
  } catch (err) {
    if (err instanceof SelectorError || err instanceof ContinueError) return failed(badRequest(err.message));
    throw err;
  }
  const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(rv) };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  const objects = page.items.map((e) => e.object);
  if (rendering.table) {
    return { code: 200, body: toTable(route.type, objects, metadata, rendering.includeObject), contentType: TABLE_CONTENT_TYPE };
  }
  const body = { kind: `${route.type.kind}List`, apiVersion: apiVersionOf(route.type), metadata, items: objects.map(withoutTypeMeta) };
  return { code: 200, body };
}

/** The parameters of a watch request, or the 400 answer when they are malformed. */
export function watchRequestOf(route: ResourceRoute, query: URLSearchParams, rendering: Rendering): WatchRequest | Answer {
  const resourceVersion = query.get('resourceVersion') ?? '';
  if (!/^\d*$/.test(resourceVersion)) return failed(badRequest(`invalid resource version: "${resourceVersion}"`));
  let match: Matcher;
  try {
    match = selectorsOf(route, query);
  } catch (err) {
    if (err instanceof SelectorError) return failed(badRequest(err.message));
    throw err;
  }
  const timeout = Number(query.get('timeoutSeconds') ?? '');
  const encode = rendering.table
    ? (obj: KubeObject): unknown => toTable(route.type, [obj], { resourceVersion: obj.metadata?.resourceVersion ?? '' }, rendering.includeObject)
    : (obj: KubeObject): unknown => obj;
  return {
    type: route.type, namespace: route.namespace, match, resourceVersion,
    bookmarks: isTrue(query.get('allowWatchBookmarks')),
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
    sendInitialEvents: isTrue(query.get('sendInitialEvents')),
    encode,
  };
}

/** Go's strconv.ParseBool truth values, as the server parses `watch=` and friends. */
export function isTrue(value: string | null): boolean {
  return value !== null && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

function selectorsOf(route: ResourceRoute, query: URLSearchParams): Matcher {
  const labels = parseLabelSelector(query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? undefined, route.type);
  const name = route.name;
  return (obj) => labels(obj) && fields(obj) && (name === undefined || obj.metadata?.name === name);
}

/** `resourceVersionMatch=Exact` lists the past state at that resourceVersion; anything else lists the latest. */
function listResourceVersion(store: ObjectStore, query: URLSearchParams): number {
  const requested = query.get('resourceVersion') ?? '';
  if (query.get('resourceVersionMatch') === 'Exact' && /^\d+$/.test(requested)) return Number(requested);
  return store.resourceVersion;
}

/** Items of a typed list carry no kind/apiVersion, exactly as the real server sends them. */
function withoutTypeMeta(obj: KubeObject): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = obj;
  return rest;
}

export function failed(status: Status): Answer {
  return { code: status.code, body: status };
}

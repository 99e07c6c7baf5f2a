/**
 * One HTTP request, start to end: log it, check the bearer token, apply injected faults,
 * then answer discovery, or get/list/watch a resource (everything else is 405: clients
 * only read; tests change state through the control API).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { discoveryDocument } from './discovery.ts';
import { isExecPath, type ExecService } from './exec.ts';
import type { FaultKind, Faults } from './faults.ts';
import { failed, getObject, isTrue, listObjects, watchRequestOf, type Answer, type Rendering } from './reads.ts';
import { routeOf, type ResourceRoute } from './routes.ts';
import { badRequest, forbidden, internalError, methodNotAllowed, pathNotFound, unauthorized } from './status.ts';
import type { ObjectStore } from './store.ts';
import type { IncludeObject } from './tables.ts';
import type { WatchHub } from './watch.ts';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The HTTP status answered; 0 while unanswered (a stall, a closed connection). */
  status: number;
  watch: boolean;
  accept?: string;
  authorization?: string;
  userAgent?: string;
  /** Accept-Encoding, as sent (kubectl's --disable-compression leaves out gzip). */
  acceptEncoding?: string;
  /** The Impersonate-User, Impersonate-Group (one header each) and Impersonate-Uid headers, when any was sent. */
  impersonate?: { user?: string; groups: string[]; uid?: string };
  /** The CN of the client certificate presented (when the server asks for one). */
  clientCertificate?: string;
  fault?: FaultKind;
  /** Exec upgrades: the command, the Upgrade header, the subprotocols offered and the one chosen. */
  exec?: ExecLog;
}

export interface ExecLog {
  command: string[];
  upgrade: string;
  protocols: string[];
  negotiated?: string;
  /** The exec's WebSocket has closed on the server's side (its answer is all sent). */
  closed?: boolean;
}

export interface ServerContext {
  store: ObjectStore;
  watches: WatchHub;
  faults: Faults;
  /** resource name ("pods") → forbidden verbs ("*" = all). */
  forbidden: Map<string, Set<string>>;
  token: string | undefined;
  /** Who RBAC denials name. */
  user: string;
  requests: RequestLogEntry[];
  /** Whether Table (server-side printing) is offered to clients that ask for it. */
  tables: boolean;
  /** host:port, for /api's serverAddressByClientCIDRs. */
  address: () => string;
  /** Exec in pods (WebSocket upgrades). */
  exec: ExecService;
}

export function handleRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://apiserver');
  const method = req.method ?? 'GET';
  const entry = logEntry(method, url, req);
  ctx.requests.push(entry);
  res.on('close', () => { if (res.headersSent) entry.status = res.statusCode; });
  if (ctx.token !== undefined && req.headers.authorization !== `Bearer ${ctx.token}`) return answer(res, entry, failed(unauthorized()));
  const fault = ctx.faults.take(method, url.pathname, url.pathname + url.search);
  if (fault) {
    entry.fault = fault;
    if (fault === 'status500') return answer(res, entry, failed(internalError('injected fault')));
    if (fault === 'notKubernetes') {
      entry.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if (fault === 'close') req.socket.destroy();
    return; // 'stall': never answered; close() or restart() drops the connection
  }
  // Exec is only served as an upgrade (exec.ts); kube-apiserver's UpgradeAwareHandler says so otherwise.
  if (isExecPath(url.pathname)) return answer(res, entry, failed(badRequest('Upgrade request required')));
  const document = discoveryDocument(url.pathname, ctx.address());
  const route = routeOf(url.pathname);
  if (document === undefined && route === undefined) return answer(res, entry, failed(pathNotFound()));
  if (method !== 'GET') return answer(res, entry, failed(methodNotAllowed()));
  if (document !== undefined) return answer(res, entry, { code: 200, body: document });
  if (route) serveResource(ctx, route, url.searchParams, req, res, entry);
}

function serveResource(ctx: ServerContext, route: ResourceRoute, query: URLSearchParams, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): void {
  const watch = route.watchPrefix || isTrue(query.get('watch'));
  const verb = watch ? 'watch' : route.name !== undefined ? 'get' : 'list';
  const denied = ctx.forbidden.get(route.type.name);
  if (denied && (denied.has('*') || denied.has(verb))) {
    return answer(res, entry, failed(forbidden(route.type, verb, ctx.user, route.namespace, route.name)));
  }
  const rendering = renderingOf(ctx.tables ? req.headers.accept : undefined, query);
  if (verb === 'get') return answer(res, entry, getObject(ctx.store, route, route.name ?? '', rendering));
  if (verb === 'list') return answer(res, entry, listObjects(ctx.store, route, query, rendering));
  const watchRequest = watchRequestOf(route, query, rendering);
  if ('code' in watchRequest) return answer(res, entry, watchRequest);
  entry.status = 200;
  ctx.watches.serve(watchRequest, res);
}

/** kubectl's column output asks for `application/json;as=Table;v=v1;g=meta.k8s.io` (server-side printing). */
function renderingOf(accept: string | undefined, query: URLSearchParams): Rendering {
  const table = (accept ?? '').split(',').some((range) => /;\s*as=Table/.test(range) && /;\s*g=meta\.k8s\.io/.test(range));
  const include = query.get('includeObject');
  const includeObject: IncludeObject = include === 'None' || include === 'Object' ? include : 'Metadata';
  return { table, includeObject };
}

function answer(res: ServerResponse, entry: RequestLogEntry, reply: Answer): void {
  entry.status = reply.code;
  res.writeHead(reply.code, { 'Content-Type': reply.contentType ?? 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(JSON.stringify(reply.body));
}

function logEntry(method: string, url: URL, req: IncomingMessage): RequestLogEntry {
  const entry: RequestLogEntry = {
    method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0,
    watch: isTrue(url.searchParams.get('watch')) || /\/watch\//.test(url.pathname),
  };
  if (req.headers.accept !== undefined) entry.accept = req.headers.accept;
  if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
  if (req.headers['user-agent'] !== undefined) entry.userAgent = req.headers['user-agent'];
  if (req.headers['accept-encoding'] !== undefined) entry.acceptEncoding = req.headers['accept-encoding'];
  const impersonate = impersonationOf(req);
  if (impersonate) entry.impersonate = impersonate;
  const peer = 'getPeerCertificate' in req.socket ? (req.socket as { getPeerCertificate(): { subject?: { CN?: string } } }).getPeerCertificate() : undefined;
  if (peer?.subject?.CN) entry.clientCertificate = peer.subject.CN;
  return entry;
}

/** The impersonation headers (apiserver's WithImpersonation reads them; several Impersonate-Group lines are several groups). */
function impersonationOf(req: IncomingMessage): RequestLogEntry['impersonate'] {
  const groups: string[] = [];
  let user: string | undefined;
  let uid: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    if (name === 'impersonate-user') user = value;
    else if (name === 'impersonate-group') groups.push(value);
    else if (name === 'impersonate-uid') uid = value;
  }
  if (user === undefined && uid === undefined && groups.length === 0) return undefined;
  return { ...(user !== undefined ? { user } : {}), groups, ...(uid !== undefined ? { uid } : {}) };
}

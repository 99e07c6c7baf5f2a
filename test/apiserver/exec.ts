/**
 * `/api/v1/namespaces/NS/pods/POD/exec`, as the API server answers it before and at the upgrade:
 * authorization first (GET, the WebSocket handshake, is the `get` verb on pods/exec; POST, SPDY,
 * is `create`), then the pod, then the container, then the subprotocol.
 *
 * Subprotocols: `v5` mode is a 1.30+ API server (v5.channel.k8s.io served by the API server's
 * stream translator, v4 passed through to the container runtime); `v4` mode is an older server,
 * or one with TranslateStreamCloseWebsocketRequests off, where only the runtime's v4 is spoken.
 * An upgrade offering nothing served is refused as golang.org/x/net/websocket refuses it: 403 with
 * no body. SPDY is not served: kubectl's fallback POST gets a 400 that says so.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import type { AgentTarget } from './agentpods.ts';
import { runExec, type ExecFault } from './execsession.ts';
import type { ExecLog, RequestLogEntry, ServerContext } from './handler.ts';
import { badRequest, failure, internalError, notFound, pathNotFound, unauthorized, type Status } from './status.ts';
import { typeOf } from './store.ts';

export type ExecProtocols = 'v5' | 'v4';

const SERVED: Record<ExecProtocols, readonly string[]> = { v5: ['v5.channel.k8s.io', 'v4.channel.k8s.io'], v4: ['v4.channel.k8s.io'] };

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/;

export function isExecPath(pathname: string): boolean {
  return EXEC_PATH.test(pathname);
}

export class ExecService {
  readonly targets = new Map<string, AgentTarget>();
  faults: ExecFault[] = [];
  /** The subprotocol chosen for each upgrade (ws would otherwise answer with the client's first). */
  private readonly chosen = new WeakMap<IncomingMessage, string>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (_offered, req) => this.chosen.get(req) ?? false });
  private readonly pending = new Set<Duplex>();

  constructor(public protocols: ExecProtocols) {}

  addTargets(targets: readonly AgentTarget[]): void {
    for (const t of targets) this.targets.set(`${t.namespace}/${t.pod}`, t);
  }

  /** Every exec socket and every unanswered upgrade, cut (close, restart). */
  closeAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
  }

  handleUpgrade(ctx: ServerContext, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined); // a client that goes away mid-answer
    const url = new URL(req.url ?? '/', 'http://apiserver');
    const method = req.method ?? 'GET';
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const exec: ExecLog = { command: url.searchParams.getAll('command'), upgrade: String(req.headers.upgrade ?? ''), protocols: offered };
    const entry: RequestLogEntry = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, watch: false, exec };
    if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
    if (req.headers['user-agent'] !== undefined) entry.userAgent = req.headers['user-agent'];
    ctx.requests.push(entry);
    const reject = (code: number, body: Status | null): void => {
      entry.status = code;
      rejectRaw(socket, code, body);
    };
    if (ctx.token !== undefined && req.headers.authorization !== `Bearer ${ctx.token}`) return reject(401, unauthorized());
    const fault = ctx.faults.take(method, url.pathname, url.pathname + url.search);
    if (fault) {
      entry.fault = fault;
      if (fault === 'status500') return reject(500, internalError('injected fault'));
      if (fault === 'close') return void socket.destroy();
      this.pending.add(socket); // 'stall'
      return;
    }
    const m = EXEC_PATH.exec(url.pathname);
    if (!m) return reject(404, pathNotFound());
    const [namespace, name] = [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')];
    const verb = method === 'POST' ? 'create' : 'get';
    const denied = ctx.forbidden.get('pods/exec');
    if (denied && (denied.has('*') || denied.has(verb))) return reject(403, execForbidden(verb, ctx.user, namespace, name));
    const podType = typeOf('Pod');
    const pod = ctx.store.get(podType, namespace, name);
    if (!pod) return reject(404, notFound(podType, name));
    const containers = containerNames(pod);
    const container = url.searchParams.get('container') || containers[0] || '';
    if (!containers.includes(container)) return reject(400, badRequest(`container ${container} is not valid for pod ${name}`));
    if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      return reject(400, badRequest('this test API server serves exec over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io), not SPDY'));
    }
    const protocol = offered.find((p) => SERVED[this.protocols].includes(p));
    if (!protocol) return reject(403, null);
    exec.negotiated = protocol;
    this.chosen.set(req, protocol);
    const node = String((pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '');
    const run = {
      argv: url.searchParams.getAll('command'), target: this.targets.get(`${namespace}/${name}`) ?? null, node, pod: `${namespace}/${name}`,
      protocol, fault: this.faults.find((f) => f.node === undefined || f.node === node),
    };
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      entry.status = 101;
      ws.on('close', () => (exec.closed = true));
      runExec(ws, run);
    });
  }
}

/** RBAC's words for a subresource: `pods "p" is forbidden: User "u" cannot get resource "pods/exec" in API group "" in the namespace "ns"`. */
function execForbidden(verb: string, user: string, namespace: string, name: string): Status {
  const message = `pods "${name}" is forbidden: User "${user}" cannot ${verb} resource "pods/exec" in API group "" in the namespace "${namespace}"`;
  return failure(403, 'Forbidden', message, { name, kind: 'pods' });
}

function containerNames(pod: KubeObject): string[] {
  return ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
}

/** An HTTP answer written on the raw socket of a refused upgrade; `null`: no body at all. */
function rejectRaw(socket: Duplex, code: number, body: Status | null): void {
  const text = body ? JSON.stringify(body) : '';
  const type = body ? 'Content-Type: application/json\r\n' : '';
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\n${type}Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/**
 * `startApiServer`: an in-memory kube-apiserver on 127.0.0.1 speaking real HTTP(S), the REST
 * read verbs and the watch protocol, plus the control API tests use to change state, inject
 * faults and break connections.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import * as yaml from 'js-yaml';
import { parseObjectsWith } from '../../src/sources/objectfile.ts';
import type { Duplex } from 'node:stream';
import { installAgents, type AgentTarget } from './agentpods.ts';
import { propagateReadiness } from './endpointsync.ts';
import { ExecService, type ExecProtocols } from './exec.ts';
import type { ExecFault } from './execsession.ts';
import { agentOf, readNodeDump } from './nodedumps.ts';
import { Faults, type FaultRule } from './faults.ts';
import { handleRequest, type RequestLogEntry, type ServerContext } from './handler.ts';
import { kubeconfigYaml, type KubeconfigOptions } from './kubeconfig.ts';
import { withReadiness, type ReadinessOptions } from './podready.ts';
import { resourceByKind } from './resources.ts';
import { ObjectStore } from './store.ts';
import { servingCertificate, type ServingCertificate } from './tls.ts';
import { WatchHub } from './watch.ts';

export type { RequestLogEntry } from './handler.ts';
export type { FaultRule, FaultKind } from './faults.ts';
export type { KubeconfigOptions } from './kubeconfig.ts';
export type { ReadinessOptions } from './podready.ts';
export type { ExecFault } from './execsession.ts';
export type { ExecProtocols } from './exec.ts';
export type { AgentTarget } from './agentpods.ts';

export interface ApiServerOptions {
  /** Objects to start with (kinds the server does not serve are skipped and listed in `skipped`). */
  objects?: KubeObject[];
  /** A JSON/YAML/List file to start with, read with the plugin's own parser; loaded before `objects`. */
  snapshotFile?: string;
  /** Serve HTTPS with a throwaway CA (falls back to HTTP when openssl is unavailable; see `https`). */
  https?: boolean;
  /** Require `Authorization: Bearer <token>` (401 otherwise); the kubeconfig carries it. */
  token?: string;
  /** With https: ask clients for a certificate (any, not required) and log its CN. */
  clientCertificates?: boolean;
  /** BOOKMARK interval for watches with allowWatchBookmarks=true. Default 1000 ms. */
  bookmarkIntervalMs?: number;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** User named in 403 messages. Default system:serviceaccount:default:viewer. */
  user?: string;
  /** Answer kubectl's `Accept: ...;as=Table` with Tables (server-side printing). Default true. */
  tables?: boolean;
  /** How many changes the watch history keeps before older resourceVersions expire. Default 10000. */
  historyLimit?: number;
  /**
   * Node dataplane output to serve by exec: each node gets an agent pod in kube-system (unless the
   * snapshot has one) whose exec of the dump's own command prints the file (nodedumps.ts).
   */
  nodeDumps?: { node: string; file: string }[];
  /** Nodes whose agent pod is not created (the "agent pod missing" fault). */
  withoutAgentPod?: string[];
  /** Exec subprotocols served: 'v5' (v5 and v4, a 1.30+ server; default) or 'v4' (an older server). */
  execProtocols?: ExecProtocols;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** Whether TLS is really on (false when HTTPS was asked for but openssl failed). */
  readonly https: boolean;
  /** PEM of the CA that signed the serving certificate (HTTPS only). */
  readonly ca: string | undefined;
  /** The serving certificate and a client certificate of the same CA (HTTPS only). */
  readonly tls: ServingCertificate | undefined;
  /** Every request since start (or resetRequests), oldest first. */
  readonly requests: RequestLogEntry[];
  /** Kinds found in the seed objects that the server does not serve. */
  readonly skipped: string[];
  /** The current global resourceVersion. */
  readonly resourceVersion: string;
  /** Watch streams currently open. */
  readonly openWatches: number;
  /** Where each node's exec goes (the agent pods of `nodeDumps`). */
  readonly agents: readonly AgentTarget[];
  kubeconfigYaml(opts?: KubeconfigOptions): string;
  writeKubeconfig(path: string, opts?: KubeconfigOptions): void;
  close(): Promise<void>;
  resetRequests(): void;
  upsert(obj: KubeObject): KubeObject;
  remove(kind: string, namespace: string | undefined, name: string): KubeObject;
  mutate(kind: string, namespace: string | undefined, name: string, fn: (obj: KubeObject) => KubeObject | void): KubeObject;
  setPodReady(namespace: string, name: string, ready: boolean, opts?: ReadinessOptions): KubeObject;
  /** The bearer token required from now on (a rotated or expired credential): requests with the old one get 401. */
  requireToken(token: string | undefined): void;
  forbid(resource: string, verb?: string): void;
  allow(resource: string): void;
  fault(rule: FaultRule): void;
  /** Exec faults (hang, command not found, non-zero exit), for every node or one. */
  execFault(fault: ExecFault): void;
  /**
   * From now on, exec on `node` prints `file` for the commands of its format (it replaces that
   * node's dump of the same format): kube-proxy there has synced, mid-drill.
   */
  setNodeDump(node: string, file: string): void;
  /** Clears HTTP and exec faults. */
  clearFaults(): void;
  /** Ends every open watch (cleanly by default; `abrupt` destroys the sockets). Returns how many. */
  dropWatches(opts?: { abrupt?: boolean }): number;
  /** Forgets the change history: watches and continue tokens from older resourceVersions get 410. */
  compact(): void;
  /**
   * Stops listening, drops every connection (watches are cut abruptly, like a crash, unless
   * `graceful` ends them cleanly first), waits `downMs` (default 0), listens again on the same port.
   */
  restart(opts?: { downMs?: number; graceful?: boolean }): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const store = new ObjectStore(options.historyLimit);
  const skipped = seed(store, options);
  const exec = new ExecService(options.execProtocols ?? 'v5');
  const dumps = (options.nodeDumps ?? []).map((d) => readNodeDump(d.node, d.file));
  exec.addTargets(installAgents(store, dumps, new Set(options.withoutAgentPod ?? [])));
  const tls = options.https ? servingCertificate() : undefined;
  const ctx: ServerContext = {
    store, watches: new WatchHub(store, options.bookmarkIntervalMs ?? 1000), faults: new Faults(),
    forbidden: new Map(), token: options.token, user: options.user ?? 'system:serviceaccount:default:viewer',
    requests: [], address: () => `127.0.0.1:${port}`, tables: options.tables ?? true, exec,
  };
  const server = makeServer(tls, options.clientCertificates === true, (req, res) => handleRequest(ctx, req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => exec.handleUpgrade(ctx, req, socket, head));
  let port = await listen(server, options.port ?? 0);
  let closed = false;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfig = (opts?: KubeconfigOptions): string => kubeconfigYaml({ url, ca: tls?.ca, token: options.token }, opts);
  return {
    url, port, https: tls !== undefined, ca: tls?.ca, tls, skipped,
    get requests() { return ctx.requests; },
    get resourceVersion() { return String(store.resourceVersion); },
    get openWatches() { return ctx.watches.count; },
    agents: [...exec.targets.values()],
    kubeconfigYaml: kubeconfig,
    writeKubeconfig: (path, opts) => writeFileSync(path, kubeconfig(opts), { mode: 0o600 }),
    close: () => {
      closed = true;
      exec.closeAll();
      return stop(server);
    },
    resetRequests: () => { ctx.requests.length = 0; },
    upsert: (obj) => store.upsert(obj),
    remove: (kind, namespace, name) => store.remove(kind, namespace, name),
    mutate: (kind, namespace, name, fn) => store.mutate(kind, namespace, name, fn),
    setPodReady: (namespace, name, ready, opts) => {
      const pod = store.mutate('Pod', namespace, name, (p) => withReadiness(p, ready, opts));
      if (opts?.endpoints) propagateReadiness(store, namespace, name, ready);
      return pod;
    },
    requireToken: (token) => { ctx.token = token; },
    forbid: (resource, verb = '*') => { ctx.forbidden.set(resource, (ctx.forbidden.get(resource) ?? new Set()).add(verb)); },
    allow: (resource) => { ctx.forbidden.delete(resource); },
    fault: (rule) => ctx.faults.add(rule),
    execFault: (fault) => { exec.faults.push(fault); },
    setNodeDump: (node, file) => {
      const dump = readNodeDump(node, file);
      const target = [...exec.targets.values()].find((t) => t.node === node && t.agent === agentOf(dump.kind));
      if (!target) throw new Error(`setNodeDump: node ${node} has no ${agentOf(dump.kind)} agent pod (give it a --node-dump first)`);
      target.dumps = [...target.dumps.filter((d) => d.kind !== dump.kind), dump];
    },
    clearFaults: () => {
      ctx.faults.clear();
      exec.faults = [];
    },
    dropWatches: (opts) => ctx.watches.dropAll(opts?.abrupt ?? false),
    compact: () => store.compact(),
    restart: async (opts) => {
      if (opts?.graceful) ctx.watches.dropAll(false);
      exec.closeAll();
      await stop(server);
      if (opts?.downMs) await delay(opts.downMs);
      if (!closed) port = await listen(server, port);
    },
  };
}

/** Loads the snapshot file, then `objects`; returns the kinds it skipped. */
function seed(store: ObjectStore, options: ApiServerOptions): string[] {
  const objects: KubeObject[] = [];
  // The plugin's own parser reads the file, exactly as `-f` does.
  if (options.snapshotFile) objects.push(...parseObjectsWith(yaml, readFileSync(options.snapshotFile, 'utf8'), options.snapshotFile));
  objects.push(...(options.objects ?? []));
  const skipped = new Set<string>();
  for (const obj of objects) {
    if (typeof obj.kind === 'string' && resourceByKind(obj.kind)) store.upsert(obj);
    else skipped.add(String(obj.kind));
  }
  return [...skipped];
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function makeServer(tls: ServingCertificate | undefined, clientCertificates: boolean, handler: Handler): Server {
  // keepAliveTimeout above client idle timeouts, so an idle pooled connection is never reset under a request.
  const common = { keepAliveTimeout: 65_000 };
  const asks = clientCertificates ? { requestCert: true, rejectUnauthorized: false, ca: tls?.ca } : {};
  return tls ? createHttpsServer({ ...common, cert: tls.cert, key: tls.key, ...asks }, handler) : createHttpServer(common, handler);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, destroys every open connection (watches, stalled requests, idle keep-alives), resolves when closed. */
function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

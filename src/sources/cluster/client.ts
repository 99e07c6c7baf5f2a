/**
 * GETs against the API server over node:http(s), returning the JSON exactly as served (wire form:
 * RFC 3339 strings, absent fields absent), which is what the explain core and snapshot bundles
 * need. client-node's typed clients deserialize into classes with Date objects, so only its
 * kubeconfig handling is used: `applyToHTTPSOptions` yields the TLS material and auth headers,
 * including exec credential plugins and token files.
 *
 * Read-only by construction: the only method is GET.
 */
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../failures.ts';
import { statusFailure, transportFailure, RequestTimeout, type RequestContext } from './failures.ts';
import { Limiter } from './limiter.ts';
import type { ClusterTarget } from './target.ts';

export type Query = Record<string, string | undefined>;

/** What the fetchers need: GET a path, get JSON back (or an ApiError / InputError). */
export interface KubeClient {
  readonly server: string;
  get<T>(path: string, query?: Query): Promise<T>;
}

export interface ClientOptions {
  /** Per request, as kubectl's --request-timeout; 0 = none. */
  timeoutMs: number;
  userAgent: string;
  /** Requests in flight at once (the rest wait their turn; their timeout starts when sent). */
  maxInFlight?: number;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Retry-After (APF throttling, a restarting server) is honoured this often, this long at most. */
const MAX_RETRIES = 3;
const MAX_RETRY_AFTER_S = 5;

export class HttpKubeClient implements KubeClient {
  readonly server: string;
  private readonly limiter: Limiter;

  constructor(
    server: string,
    private readonly target: ClusterTarget,
    private readonly agent: http.Agent,
    private readonly headers: Record<string, string>,
    private readonly options: ClientOptions,
  ) {
    this.server = server;
    this.limiter = new Limiter(options.maxInFlight ?? 16);
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const url = this.urlOf(path, query);
    const ctx = this.contextOf(path);
    for (let attempt = 0; ; attempt++) {
      const reply = await this.limiter.run(() => this.send(url, ctx));
      if (reply.status >= 200 && reply.status < 300) return parseJson<T>(reply, ctx);
      const wait = retryAfter(reply);
      if (wait !== null && attempt < MAX_RETRIES && (reply.status === 429 || reply.status >= 500)) {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      const status = statusOf(reply);
      throw statusFailure(reply.status, status.reason, status.message, ctx);
    }
  }

  /** Drops every connection, in flight or idle, so a failed command exits at once. */
  close(): void {
    this.agent.destroy();
  }

  private urlOf(path: string, query: Query): URL {
    // Concatenate rather than resolve: a server URL may carry a path prefix (Rancher, kubectl proxy --api-prefix).
    const url = new URL(this.server.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  private contextOf(path: string): RequestContext {
    const { context, cluster, user } = this.target;
    return { server: this.server, context, cluster: cluster.name, user: user?.name ?? '', path, timeoutMs: this.options.timeoutMs };
  }

  private send(url: URL, ctx: RequestContext): Promise<Reply> {
    const transport = url.protocol === 'https:' ? https : http;
    const headers = { ...this.headers, Accept: 'application/json', 'Accept-Encoding': 'gzip', 'User-Agent': this.options.userAgent };
    return new Promise<Reply>((resolve, reject) => {
      const fail = (err: unknown) => reject(transportFailure(err, ctx));
      const req = transport.request(url, { method: 'GET', agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          if (!res.complete) return fail(Object.assign(new Error('the response was cut short'), { code: 'ECONNRESET' }));
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(res.headers, Buffer.concat(chunks)) });
          } catch (err) {
            fail(err); // a corrupt gzip body
          }
        });
        res.on('error', fail);
      });
      const expire = () => {
        fail(new RequestTimeout());
        req.destroy();
      };
      const timer = this.options.timeoutMs > 0 ? setTimeout(expire, this.options.timeoutMs) : undefined;
      req.on('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      req.end();
    });
  }
}

function decode(headers: http.IncomingHttpHeaders, body: Buffer): Buffer {
  return headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

function parseJson<T>(reply: Reply, ctx: RequestContext): T {
  try {
    return JSON.parse(reply.body.toString('utf8')) as T;
  } catch {
    const type = String(reply.headers['content-type'] ?? 'no content type');
    throw new InputError(`${ctx.server} answered GET ${ctx.path} with something that is not JSON (${type}): is "server" of cluster "${ctx.cluster}" a Kubernetes API server?`);
  }
}

/** metav1.Status of an error reply; a body that is not one (a proxy's HTML page) still yields a reason. */
function statusOf(reply: Reply): { reason: string; message: string } {
  const fallback = http.STATUS_CODES[reply.status] ?? 'Error';
  try {
    const status = JSON.parse(reply.body.toString('utf8')) as { reason?: string; message?: string };
    return { reason: status.reason || fallback, message: status.message ?? '' };
  } catch {
    return { reason: fallback, message: '' };
  }
}

/** Seconds to wait, when the server asked (client-go `checkWait` honours it on 429 and 5xx). */
function retryAfter(reply: Reply): number | null {
  const header = reply.headers['retry-after'];
  if (header === undefined || !/^\d+$/.test(String(header))) return null;
  return Math.min(Number(header), MAX_RETRY_AFTER_S);
}

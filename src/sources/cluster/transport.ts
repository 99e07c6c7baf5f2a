/**
 * The one HTTP transport to the API server: every GET, whether its reply is read whole (client.ts)
 * or is a watch's endless chunked body (watch/stream.ts), goes out here, with the credentials and
 * TLS material of access.ts, one keep-alive agent (paginated lists and watch renewals reuse
 * connections instead of new TLS handshakes), and the cluster layer's one-line failures.
 *
 * Read-only by construction: the only verb is GET.
 */
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import type { ServerAccess } from './access.ts';
import { ApiError, RequestTimeout, statusFailure, transportFailure, type RequestContext } from './failures.ts';

export type Query = Record<string, string | undefined>;

/** Who we are, for messages: the kubeconfig names a failure should point at. */
export interface Identity {
  context: string;
  cluster: string;
  user: string;
}

/** A reply read whole. */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class ApiTransport {
  readonly server: string;
  private readonly agent: http.Agent;
  /** The credentials and impersonation headers (access.ts), renewed after a 401. */
  private credentials: Record<string, string | string[]>;
  private readonly fixed: Record<string, string>;
  private renewal: Promise<true> | null = null;
  /** Accept-Encoding for replies read whole; none with --disable-compression. */
  private readonly encoding: Record<string, string>;

  constructor(private readonly access: ServerAccess, private readonly identity: Identity, userAgent: string) {
    this.server = access.baseUrl;
    this.credentials = access.headers;
    this.fixed = { Accept: 'application/json', 'User-Agent': userAgent };
    this.encoding = access.compression ? { 'Accept-Encoding': 'gzip' } : {};
    this.agent = access.proxyAgent ?? (access.tls ? new https.Agent({ keepAlive: true, ...access.tls }) : new http.Agent({ keepAlive: true }));
  }

  /**
   * One GET read whole (gzip accepted), whatever its status; `timeoutMs` (0: none) covers the body
   * too. A 401 is tried once more if the credentials, asked for again, have changed (client-go
   * does the same for exec plugins: plugin.go's UpdateTransportConfig refreshes on a 401).
   */
  async fetch(path: string, query: Query, timeoutMs: number): Promise<Reply> {
    const sent = this.credentials;
    const reply = await this.fetchOnce(path, query, timeoutMs);
    return reply.status === 401 && (await this.renewedSince(sent)) ? this.fetchOnce(path, query, timeoutMs) : reply;
  }

  private fetchOnce(path: string, query: Query, timeoutMs: number): Promise<Reply> {
    const ctx = this.context(path, timeoutMs);
    return new Promise<Reply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const fail = (err: unknown) => {
        clearTimeout(timer);
        reject(transportFailure(err, ctx));
      };
      const req = this.request(path, query, this.encoding, (res) => {
        readBody(res).then((body) => {
          clearTimeout(timer);
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(res.headers, body) });
          } catch (err) {
            fail(err); // a corrupt gzip body
          }
        }, fail);
      });
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          fail(new RequestTimeout());
          req.destroy();
        }, timeoutMs);
      }
      req.on('error', fail);
      req.end();
    });
  }

  /**
   * One GET whose body is read as it arrives (a watch): resolves once the headers arrive with a 2xx
   * status; otherwise rejects with the server's Status (an ApiError) or a transport failure.
   */
  async stream(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage> {
    const sent = this.credentials;
    try {
      return await this.streamOnce(path, query, signal);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401) || signal.aborted || !(await this.renewedSince(sent))) throw err;
      return this.streamOnce(path, query, signal);
    }
  }

  /**
   * After a 401 to a request sent with `sent`: whether the credentials are now others. They are
   * asked for again unless another request's 401 already renewed them (one renewal at a time).
   */
  private async renewedSince(sent: Record<string, string | string[]>): Promise<boolean> {
    if (this.credentials !== sent) return true;
    this.renewal ??= this.access
      .renew()
      .then(
        (fresh) => {
          if (JSON.stringify(fresh) !== JSON.stringify(this.credentials)) this.credentials = fresh;
        },
        () => undefined, // no new credentials: the 401 stands, with the server's words
      )
      .finally(() => (this.renewal = null))
      .then(() => true);
    await this.renewal;
    return this.credentials !== sent;
  }

  private streamOnce(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage> {
    const ctx = this.context(path, 0);
    return new Promise((resolve, reject) => {
      const req = this.request(path, query, {}, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(res);
        readBody(res).then((body) => {
          const { reason, message } = errorStatus({ status, headers: res.headers, body });
          reject(statusFailure(status, reason, message, ctx));
        }, (err: unknown) => reject(transportFailure(err, ctx)));
      });
      req.on('error', (err) => reject(transportFailure(err, ctx)));
      // Aborting destroys the request quietly; passing `signal` to http.request would instead emit
      // an AbortError on a stream nobody listens to any more once the response has arrived.
      if (signal.aborted) req.destroy();
      else signal.addEventListener('abort', () => req.destroy(), { once: true });
      req.end();
    });
  }

  context(path: string, timeoutMs: number): RequestContext {
    return { server: this.server, ...this.identity, path, timeoutMs };
  }

  /** Drops every connection, in flight or idle, so a failed command exits at once. */
  close(): void {
    this.agent.destroy();
  }

  private request(path: string, query: Query, extra: Record<string, string | string[]>, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
    const url = requestUrl(this.server, path, query);
    const transport = url.protocol === 'https:' ? https : http;
    return transport.request(url, { method: 'GET', agent: this.agent, headers: { ...this.credentials, ...this.fixed, ...extra } }, onResponse);
  }
}

/** Concatenated, not resolved: a server URL may carry a path prefix. */
export function requestUrl(baseUrl: string, path: string, query: Query = {}): URL {
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return url;
}

/** metav1.Status of an error reply; a body that is not one (a proxy's HTML page) still yields a reason. */
export function errorStatus(reply: Reply): { reason: string; message: string } {
  const fallback = http.STATUS_CODES[reply.status] ?? 'Error';
  try {
    const status = JSON.parse(reply.body.toString('utf8')) as { reason?: string; message?: string };
    return { reason: status.reason || fallback, message: status.message ?? '' };
  } catch {
    return { reason: fallback, message: '' };
  }
}

function readBody(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => (res.complete ? resolve(Buffer.concat(chunks)) : reject(Object.assign(new Error('the response was cut short'), { code: 'ECONNRESET' }))));
    res.on('error', reject);
  });
}

function decode(headers: http.IncomingHttpHeaders, body: Buffer): Buffer {
  return headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

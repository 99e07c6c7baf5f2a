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
import { RequestTimeout, statusFailure, transportFailure, type RequestContext } from './failures.ts';

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
  private readonly headers: Record<string, string | string[]>;
  /** Accept-Encoding for replies read whole; none with --disable-compression. */
  private readonly encoding: Record<string, string>;

  constructor(access: ServerAccess, private readonly identity: Identity, userAgent: string) {
    this.server = access.baseUrl;
    this.headers = { ...access.headers, Accept: 'application/json', 'User-Agent': userAgent };
    this.encoding = access.compression ? { 'Accept-Encoding': 'gzip' } : {};
    this.agent = access.proxyAgent ?? (access.tls ? new https.Agent({ keepAlive: true, ...access.tls }) : new http.Agent({ keepAlive: true }));
  }

  /** One GET read whole (gzip accepted), whatever its status; `timeoutMs` (0: none) covers the body too. */
  fetch(path: string, query: Query, timeoutMs: number): Promise<Reply> {
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
  stream(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage> {
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
    return transport.request(url, { method: 'GET', agent: this.agent, headers: { ...this.headers, ...extra } }, onResponse);
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

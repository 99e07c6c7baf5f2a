/**
 * Long-lived GETs for watch streams. The cluster client (src/sources/cluster/client.ts) buffers
 * whole replies; a watch is an endless chunked body, so it needs its own request. Credentials and
 * TLS come from the same place: client-node's `applyToHTTPSOptions` on the resolved kubeconfig
 * target, and failures get the cluster layer's one-line messages.
 */
import http from 'node:http';
import https from 'node:https';
import type { ClusterTarget } from '../../sources/cluster/target.ts';
import { statusFailure, transportFailure, type RequestContext } from '../../sources/cluster/failures.ts';

export type Query = Record<string, string | undefined>;

export interface StreamTransport {
  readonly server: string;
  /** Resolves with the response once its headers arrive with a 2xx status; otherwise rejects with an ApiError or InputError. */
  open(path: string, query: Query, signal: AbortSignal): Promise<http.IncomingMessage>;
  close(): void;
}

export async function streamTransport(target: ClusterTarget, userAgent: string): Promise<StreamTransport> {
  const { cluster, kc } = target;
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent };
  for (const [key, value] of Object.entries(opts.headers ?? {})) if (value !== undefined) headers[key] = String(value);
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  const plain = cluster.server.startsWith('http:');
  const agent = plain
    ? new http.Agent({ keepAlive: true })
    : new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, ...(opts.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: opts.rejectUnauthorized }), ...(opts.servername ? { servername: opts.servername } : {}) });
  const context = (path: string): RequestContext => ({ server: cluster.server, context: target.context, cluster: cluster.name, user: target.user?.name ?? '', path, timeoutMs: 0 });
  return {
    server: cluster.server,
    open: (path, query, signal) => request(new URL(cluster.server.replace(/\/+$/, '') + path + queryString(query)), { agent, headers, signal }, context(path)),
    close: () => agent.destroy(),
  };
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function request(url: URL, options: { agent: http.Agent; headers: Record<string, string>; signal: AbortSignal }, ctx: RequestContext): Promise<http.IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http;
  const { signal, ...rest } = options;
  return new Promise((resolve, reject) => {
    // Aborting destroys the request quietly; passing `signal` to http.request would instead emit
    // an AbortError on a stream nobody listens to any more once the response has arrived.
    const req = transport.request(url, { method: 'GET', ...rest }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(res);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = parseStatus(Buffer.concat(chunks).toString('utf8'));
        reject(statusFailure(status, body.reason || http.STATUS_CODES[status] || 'Error', body.message ?? '', ctx));
      });
      res.on('error', (err) => reject(transportFailure(err, ctx)));
    });
    req.on('error', (err) => reject(transportFailure(err, ctx)));
    if (signal.aborted) req.destroy();
    else signal.addEventListener('abort', () => req.destroy(), { once: true });
    req.end();
  });
}

function parseStatus(text: string): { reason?: string; message?: string } {
  try {
    return JSON.parse(text) as { reason?: string; message?: string };
  } catch {
    return {};
  }
}

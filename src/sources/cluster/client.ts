/**
 * GETs against the API server, returning the JSON exactly as served (wire form: RFC 3339 strings,
 * absent fields absent), which is what the explain core and snapshot bundles need. client-node's
 * typed clients deserialize into classes with Date objects, so only its kubeconfig handling is
 * used (access.ts); the requests go through our own transport (transport.ts).
 */
import { InputError } from '../../failures.ts';
import { statusFailure, type RequestContext } from './failures.ts';
import { Limiter } from './limiter.ts';
import { errorStatus, type ApiTransport, type Query, type Reply } from './transport.ts';

export type { Query } from './transport.ts';

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

/** Retry-After (APF throttling, a restarting server) is honoured this often, this long at most. */
const MAX_RETRIES = 3;
const MAX_RETRY_AFTER_S = 5;

export class HttpKubeClient implements KubeClient {
  readonly server: string;
  private readonly limiter: Limiter;

  constructor(
    readonly transport: ApiTransport,
    private readonly options: ClientOptions,
  ) {
    this.server = transport.server;
    this.limiter = new Limiter(options.maxInFlight ?? 16);
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const ctx = this.transport.context(path, this.options.timeoutMs);
    for (let attempt = 0; ; attempt++) {
      const reply = await this.limiter.run(() => this.transport.fetch(path, query, this.options.timeoutMs));
      if (reply.status >= 200 && reply.status < 300) return parseJson<T>(reply, ctx);
      const wait = retryAfter(reply);
      if (wait !== null && attempt < MAX_RETRIES && (reply.status === 429 || reply.status >= 500)) {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      const status = errorStatus(reply);
      const failure = statusFailure(reply.status, status.reason, status.message, ctx);
      failure.retried = attempt > 0;
      throw failure;
    }
  }

  /** Drops every connection, in flight or idle (watches included: they share the transport). */
  close(): void {
    this.transport.close();
  }
}

function parseJson<T>(reply: Reply, ctx: RequestContext): T {
  try {
    return JSON.parse(reply.body.toString('utf8')) as T;
  } catch {
    const type = String(reply.headers['content-type'] ?? 'no content type');
    throw new InputError(`${ctx.server} answered GET ${ctx.path} with something that is not JSON (${type}): is "server" of cluster "${ctx.cluster}" a Kubernetes API server?`);
  }
}

/** Seconds to wait, when the server asked (client-go `checkWait` honours it on 429 and 5xx). */
function retryAfter(reply: Reply): number | null {
  const header = reply.headers['retry-after'];
  if (header === undefined || !/^\d+$/.test(String(header))) return null;
  return Math.min(Number(header), MAX_RETRY_AFTER_S);
}

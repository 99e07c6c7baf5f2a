/**
 * How exec reaches the API server: the same base URL, TLS material, Authorization header and
 * proxy as every other request of the command (access.ts `serverAccess`, which resolves every kind
 * of kubeconfig credential once). A WebSocket upgrade cannot go through ApiTransport (GET read
 * whole or streamed), so exec gets its own agent over the same access.
 */
import http from 'node:http';
import https from 'node:https';
import type { ServerAccess } from '../access.ts';
import type { ClusterConnection } from '../connect.ts';
import type { RequestContext } from '../failures.ts';

export interface ExecTransport {
  /** Base URL of the API server (http:// or https://, possibly with a path prefix). */
  readonly server: string;
  /** Carries the TLS options (CA, client certificate, verification, server name) or the proxy. */
  readonly agent: http.Agent;
  /** Authorization and kubectl's impersonation headers (Impersonate-Group may repeat), as every other request sends them; never printed. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly userAgent: string;
  /** Names for messages: context, cluster, user (never credentials). */
  readonly names: Pick<RequestContext, 'context' | 'cluster' | 'user'>;
}

/** Exec over one connection's access; `close()` the returned agent's sockets with `agent.destroy()`. */
export function execTransport(cluster: Pick<ClusterConnection, 'access' | 'target'>, userAgent: string): ExecTransport {
  const { access, target } = cluster;
  const names = { context: target.context, cluster: target.cluster.name, user: target.user?.name ?? '' };
  return { server: access.baseUrl, agent: agentOf(access), headers: access.headers, userAgent, names };
}

/** Upgraded sockets leave the agent's pool, so keep-alive would buy nothing here. */
function agentOf(access: ServerAccess): http.Agent {
  if (access.proxyAgent) return access.proxyAgent;
  return access.tls ? new https.Agent({ ...access.tls }) : new http.Agent();
}

/**
 * How to reach the API server as the kubeconfig's user, resolved once per command: the base URL,
 * the TLS material and the Authorization header. client-node's `applyToHTTPSOptions` produces the
 * last two from every kind of kubeconfig credential (static token, token file, client certificate,
 * basic auth, exec credential plugin, auth-provider). Every request we make goes through this one
 * function: the GETs and watches of transport.ts, and anything else that speaks to the server
 * (a WebSocket exec needs exactly these three things).
 */
import http from 'node:http';
import type https from 'node:https';
import tls from 'node:tls';
import { InputError } from '../../failures.ts';
import { impersonationHeaders } from './overrides.ts';
import type { ClusterTarget } from './target.ts';

/** The TLS options of node:https / node:tls that a kubeconfig can set. */
export type TlsOptions = Pick<https.AgentOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'>;

export interface ServerAccess {
  /** "https://10.0.0.1:6443", or with a path prefix (Rancher, `kubectl proxy --api-prefix`); no trailing slash. */
  baseUrl: string;
  /** For an https: server; null for http:. */
  tls: TlsOptions | null;
  /**
   * The credentials as request headers (Authorization), and kubectl's impersonation headers
   * (Impersonate-User, Impersonate-Uid, one Impersonate-Group line per group); empty for an
   * anonymous user.
   */
  headers: Record<string, string | string[]>;
  /** Whether to ask for gzip (false with --disable-compression or the cluster's disable-compression). */
  compression: boolean;
  /** The kubeconfig's proxy-url, as client-node's agent for it: requests must go through it. */
  proxyAgent: http.Agent | null;
  /**
   * The credential headers asked for again, after a 401: an exec plugin's token expires (EKS's
   * `aws eks get-token` gives 15 minutes, and client-node runs the plugin again once it has), and
   * a mounted service-account token is rotated, so a long watch must not keep the first one.
   */
  renew(): Promise<Record<string, string | string[]>>;
}

export async function serverAccess(target: ClusterTarget): Promise<ServerAccess> {
  const { kc, cluster } = target;
  const baseUrl = serverUrl(target).replace(/\/+$/, '');
  const plainHttp = baseUrl.startsWith('http:');
  // client-node refuses an http:// server unless insecure-skip-tls-verify is set; kubectl does not
  // (`kubectl proxy` serves plain HTTP on 127.0.0.1:8001). There is no TLS to verify on http://.
  if (plainHttp && !cluster.skipTLSVerify) {
    // target.kc holds only the cluster and user to use (target.ts).
    kc.loadFromOptions({ clusters: kc.getClusters().map((c) => ({ ...c, skipTLSVerify: true })), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: kc.getCurrentContext() });
  }
  const { opts, headers } = await credentials(target, plainHttp);
  const proxyAgent = cluster.proxyUrl && opts.agent instanceof http.Agent ? opts.agent : null;
  const renew = async () => (await credentials(target, plainHttp)).headers;
  return { baseUrl, tls: plainHttp ? null : tlsOf(opts), headers, compression: !target.disableCompression, proxyAgent, renew };
}

/** The request options client-node derives from the user's credentials, and the headers that carry them. */
async function credentials(target: ClusterTarget, plainHttp: boolean): Promise<{ opts: https.RequestOptions; headers: Record<string, string | string[]> }> {
  const opts: https.RequestOptions = {};
  try {
    await target.kc.applyToHTTPSOptions(opts);
  } catch (err) {
    throw new InputError(`cannot get credentials for user "${target.user?.name ?? ''}" of context "${target.context}": ${credentialProblem(err, target.user)}`);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) if (value !== undefined) headers[key] = String(value);
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  Object.assign(headers, impersonationHeaders(target.impersonation));
  checkCredentials(headers, opts, target, plainHttp);
  return { opts, headers };
}

function tlsOf(opts: https.RequestOptions): TlsOptions {
  const tls: TlsOptions = { ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase };
  if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;
  if (opts.servername) tls.servername = opts.servername;
  return tls;
}

/** client-go's rule: a server without a scheme ("10.0.0.1:6443") is HTTPS. Anything but http(s) is refused. */
function serverUrl(target: ClusterTarget): string {
  const server = target.cluster.server;
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `https://${server}`;
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) {
    throw new InputError(`server "${server}" of cluster "${target.cluster.name}" in kubeconfig ${target.origin} is not an https:// (or http://) URL`);
  }
  return url;
}

/**
 * Credentials that cannot be used are refused here, naming the field and never its value: a token
 * with a character no HTTP header may hold, or a CA, certificate or key that is not PEM, would
 * otherwise fail inside the first request as a bare Node error.
 */
function checkCredentials(headers: Record<string, string | string[]>, opts: https.RequestOptions, target: ClusterTarget, plainHttp: boolean): void {
  const who = `user "${target.user?.name ?? ''}" of context "${target.context}" in kubeconfig ${target.origin}`;
  for (const [name, values] of Object.entries(headers)) {
    for (const value of [values].flat()) {
      try {
        http.validateHeaderValue(name, value);
      } catch {
        const what = name === 'Authorization' ? 'token (or username and password)' : name.startsWith('Impersonate-') ? `${name} (--as, --as-group, --as-uid or the user's as fields)` : name;
        throw new InputError(`the ${what} of ${who} holds characters an HTTP header cannot carry (a line break?)`);
      }
    }
  }
  if (plainHttp) return;
  const material: [string, tls.SecureContextOptions][] = [
    [`the certificate-authority(-data) of cluster "${target.cluster.name}" in kubeconfig ${target.origin}`, { ca: opts.ca }],
    [`the client-certificate(-data) and client-key(-data) of ${who}`, { cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase }],
  ];
  for (const [what, options] of material) {
    if (Object.values(options).every((v) => v === undefined)) continue;
    try {
      tls.createSecureContext(options);
    } catch (err) {
      throw new InputError(`${what} cannot be used: ${(err as Error).message.replace(/^error:[0-9A-F]+:/, '')} (expected PEM)`);
    }
  }
}

function credentialProblem(err: unknown, user: ClusterTarget['user']): string {
  const e = err as NodeJS.ErrnoException;
  const exec = (user?.exec as { command?: string } | undefined)?.command;
  if (exec && e.code === 'ENOENT') return `credential plugin "${exec}" not found on PATH (install it, or fix users[].user.exec.command)`;
  if (exec) return `credential plugin "${exec}" failed: ${(e.message || String(err)).trim() || 'no output'}`;
  if (e.code === 'ENOENT' && e.path) return `${e.path}: no such file (a certificate, key or token file named in the kubeconfig)`;
  return e.message || String(err);
}

/**
 * From kubectl-style flags to a connected client: load the kubeconfig, resolve the context and
 * namespace, then let client-node's `applyToHTTPSOptions` produce the TLS material and the
 * Authorization header (static token, token file, client certificate, basic auth, exec credential
 * plugin, auth-provider), which our own keep-alive agent then uses.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { InputError } from '../../failures.ts';
import { HttpKubeClient, type ClientOptions } from './client.ts';
import { loadKubeconfig, type KubeconfigSource } from './kubeconfig.ts';
import { resolveTarget, type ClusterTarget, type TargetFlags } from './target.ts';

export interface ConnectOptions extends KubeconfigSource, TargetFlags, ClientOptions {}

export interface ClusterConnection {
  client: HttpKubeClient;
  target: ClusterTarget;
  /** The namespace to use: -n, else the context's, else "default". */
  namespace: string;
}

export async function connect(options: ConnectOptions): Promise<ClusterConnection> {
  const target = resolveTarget(loadKubeconfig(options), options);
  const server = serverUrl(target);
  const { agent, headers } = await transportFor(target, server);
  const client = new HttpKubeClient(server, target, agent, headers, options);
  return { client, target, namespace: target.namespace };
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

async function transportFor(target: ClusterTarget, server: string): Promise<{ agent: http.Agent; headers: Record<string, string> }> {
  const { kc, cluster, user } = target;
  const opts: https.RequestOptions = {};
  const plainHttp = server.startsWith('http:');
  // client-node refuses an http:// server unless insecure-skip-tls-verify is set; kubectl does not
  // (`kubectl proxy` serves plain HTTP on 127.0.0.1:8001). There is no TLS to verify on http://.
  if (plainHttp && !cluster.skipTLSVerify) {
    kc.loadFromOptions({ clusters: kc.getClusters().map((c) => (c === cluster ? { ...c, skipTLSVerify: true } : c)), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: kc.getCurrentContext() });
  }
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (err) {
    throw new InputError(`cannot get credentials for user "${user?.name ?? ''}" of context "${target.context}": ${credentialProblem(err, user)}`);
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) if (value !== undefined) headers[key] = String(value);
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  checkCredentials(headers, opts, target, plainHttp);
  // A proxy-url needs client-node's proxy agent; otherwise our own, with keep-alive so paginated
  // lists and the second round of requests reuse connections instead of new TLS handshakes.
  if (cluster.proxyUrl && opts.agent instanceof http.Agent) return { agent: opts.agent, headers };
  if (plainHttp) return { agent: new http.Agent({ keepAlive: true }), headers };
  const tls: https.AgentOptions = { keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase };
  if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;
  if (opts.servername) tls.servername = opts.servername;
  return { agent: new https.Agent(tls), headers };
}

/**
 * Credentials that cannot be used are refused here, naming the field and never its value: a token
 * with a character no HTTP header may hold, or a CA, certificate or key that is not PEM, would
 * otherwise fail inside the first request as a bare Node error.
 */
function checkCredentials(headers: Record<string, string>, opts: https.RequestOptions, target: ClusterTarget, plainHttp: boolean): void {
  const who = `user "${target.user?.name ?? ''}" of context "${target.context}" in kubeconfig ${target.origin}`;
  for (const [name, value] of Object.entries(headers)) {
    try {
      http.validateHeaderValue(name, value);
    } catch {
      throw new InputError(`the ${name === 'Authorization' ? 'token (or username and password)' : name} of ${who} holds characters an HTTP header cannot carry (a line break?)`);
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

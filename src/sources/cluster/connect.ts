/**
 * From typed connection settings (what cli/ made of kubectl's flags) to a connected client: load
 * the kubeconfig, resolve the context and namespace, resolve how to reach the server as its user
 * (access.ts), and open the one transport every GET and watch of this command shares.
 */
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { InputError } from '../../failures.ts';
import { serverAccess, type ServerAccess } from './access.ts';
import { HttpKubeClient, type ClientOptions } from './client.ts';
import { loadKubeconfig, NO_KUBECONFIG, type KubeconfigSource, type LoadedKubeconfig } from './kubeconfig.ts';
import { resolveTarget, type ClusterTarget, type TargetFlags } from './target.ts';
import { ApiTransport } from './transport.ts';

export interface ConnectOptions extends KubeconfigSource, TargetFlags, ClientOptions {}

export interface ClusterConnection {
  client: HttpKubeClient;
  /** The transport the client uses, for requests that are not one JSON reply (watch streams). */
  transport: ApiTransport;
  /** Base URL, TLS options and auth headers, for a request that does not go through the transport (a WebSocket). */
  access: ServerAccess;
  target: ClusterTarget;
  /** The namespace to use: -n, else the context's, else "default". */
  namespace: string;
}

export async function connect(options: ConnectOptions): Promise<ClusterConnection> {
  const target = resolveTarget(kubeconfigOrFlags(options), options);
  const access = await serverAccess(target);
  // A 401 blames what sent the credentials: the kubeconfig user, or --token.
  const user = options.overrides?.token ? '--token' : (target.user?.name ?? '');
  const transport = new ApiTransport(access, { context: target.context, cluster: target.cluster.name, user }, options.userAgent);
  const client = new HttpKubeClient(transport, options);
  return { client, transport, access, target, namespace: target.namespace };
}

/** The kubeconfig; with none anywhere, `--server` (and the other flags) alone, as kubectl allows. */
function kubeconfigOrFlags(options: ConnectOptions): LoadedKubeconfig {
  try {
    return loadKubeconfig(options);
  } catch (err) {
    if (options.overrides?.server && err instanceof InputError && err.message.startsWith(NO_KUBECONFIG)) return { kc: new KubeConfig(), origin: '(none: the command-line flags)' };
    throw err;
  }
}

/** Connects, runs `fn`, and always drops the connections (a failed or stalled request must not keep the process alive). */
export async function withConnection<T>(options: ConnectOptions, fn: (cluster: ClusterConnection) => Promise<T>): Promise<T> {
  const cluster = await connect(options);
  try {
    return await fn(cluster);
  } finally {
    cluster.client.close();
  }
}

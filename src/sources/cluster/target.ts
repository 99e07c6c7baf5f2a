/**
 * Which cluster, user and namespace a command talks to, as kubectl resolves them (clientcmd
 * DirectClientConfig): `--context` (or the current-context); `--cluster` and `--user` (or the
 * context's); every connection and identity flag over the entry it changes (overrides.ts); then
 * `-n` (or the context's namespace, or "default"). client-node's `setCurrentContext` accepts any
 * name and only fails on the first request ("No active cluster!"), so every name is checked here
 * and a wrong one names the ones that exist. The result carries a KubeConfig holding exactly the
 * merged cluster and user, which access.ts turns into TLS material and credentials.
 */
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import { InputError } from '../../failures.ts';
import type { LoadedKubeconfig } from './kubeconfig.ts';
import { impersonationOf, overrideCluster, overrideUser, type ConnectionOverrides, type Impersonation } from './overrides.ts';

export interface TargetFlags {
  context?: string | undefined;
  namespace?: string | undefined;
  overrides?: ConnectionOverrides | undefined;
}

export interface ClusterTarget {
  kc: KubeConfig;
  /** The context used; "" when the flags alone (--server...) name the cluster. */
  context: string;
  cluster: Cluster;
  user: User | null;
  namespace: string;
  /** Where the kubeconfig came from, for messages. */
  origin: string;
  /** Who to act as (--as, --as-group, --as-uid, or the user's as, as-groups, as-uid); null: ourselves. */
  impersonation: Impersonation | null;
  /** --disable-compression, or the cluster's disable-compression: no gzip asked for. */
  disableCompression: boolean;
}

const USER_FLAGS: (keyof ConnectionOverrides)[] = ['token', 'clientCertificate', 'clientKey'];

export function resolveTarget(loaded: LoadedKubeconfig, flags: TargetFlags): ClusterTarget {
  const { kc, origin } = loaded;
  const o = flags.overrides ?? {};
  const contextName = flags.context ?? kc.getCurrentContext() ?? '';
  const names = (list: { name: string }[], what: string) => (list.length > 0 ? `${what}: ${list.map((c) => c.name).join(', ')}` : `it defines no ${what.slice(0, -1)}`);
  const known = names(kc.getContexts(), 'contexts');
  // kubectl needs no context when --server names the cluster (an empty kubeconfig and flags).
  if (!contextName && !o.server) throw new InputError(`no current-context in kubeconfig ${origin} (${known}): pass --context NAME`);
  const context = contextName ? kc.getContextObject(contextName) : null;
  if (contextName && !context) {
    const which = flags.context ? 'context' : 'current-context';
    throw new InputError(`${which} "${contextName}" does not exist in kubeconfig (${known})`);
  }
  const clusterName = o.cluster ?? context?.cluster ?? '';
  const entry = clusterName ? kc.getCluster(clusterName) : null;
  if (o.cluster && !entry) throw new InputError(`cluster "${o.cluster}" (--cluster) does not exist in kubeconfig ${origin} (${names(kc.getClusters(), 'clusters')})`);
  if (!entry && !o.server) throw new InputError(`context "${contextName}" names cluster "${clusterName}", which is not in kubeconfig ${origin}`);
  const cluster = overrideCluster(entry ?? { name: clusterName, server: '', skipTLSVerify: false }, o);
  // clientcmd validateClusterInfo: "no server found for cluster".
  if (!cluster.server) throw new InputError(`cluster "${clusterName}" in kubeconfig ${origin} has no server`);
  const userName = o.user ?? context?.user ?? '';
  const own = userName ? kc.getUser(userName) : null;
  if (o.user && !own) throw new InputError(`user "${o.user}" (--user) does not exist in kubeconfig ${origin} (${names(kc.getUsers(), 'users')})`);
  if (userName && !own && !o.user) throw new InputError(`context "${contextName}" names user "${userName}", which is not in kubeconfig ${origin}`);
  const unusable = userName ? loaded.unusable?.get(userName) : undefined;
  if (unusable) throw new InputError(`user "${userName}"${contextName ? ` of context "${contextName}"` : ''} in kubeconfig ${origin}: ${unusable}`);
  const impersonation = impersonationOf(own, loaded.impersonation?.get(userName), o, userName);
  const user = own || USER_FLAGS.some((f) => o[f]) ? overrideUser(own, userName || 'flags', o) : null;
  const namespace = flags.namespace || context?.namespace || loaded.inClusterNamespace || 'default';
  const disableCompression = o.disableCompression === true || (entry !== null && loaded.disableCompression?.has(entry.name) === true);
  return { kc: mergedConfig(cluster, user), context: contextName, cluster, user, namespace, origin, impersonation, disableCompression };
}

/** A KubeConfig of just the cluster and user to use, for client-node's applyToHTTPSOptions. */
function mergedConfig(cluster: Cluster, user: User | null): KubeConfig {
  const merged = new KubeConfig();
  const name = 'kubectl-slices';
  merged.loadFromOptions({
    clusters: [{ ...cluster, name }],
    users: user ? [{ ...user, name }] : [],
    contexts: [{ name, cluster: name, user: user ? name : '' }],
    currentContext: name,
  });
  return merged;
}

/**
 * Which cluster, user and namespace a command talks to: `--context` (or the current-context),
 * then `-n` (or the context's namespace, or "default"), as kubectl resolves them. client-node's
 * `setCurrentContext` accepts any name and only fails on the first request ("No active
 * cluster!"), so every name is checked here and a wrong one names the ones that exist.
 */
import type { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import { InputError } from '../../failures.ts';
import type { LoadedKubeconfig } from './kubeconfig.ts';

export interface TargetFlags {
  context?: string | undefined;
  namespace?: string | undefined;
}

export interface ClusterTarget {
  kc: KubeConfig;
  context: string;
  cluster: Cluster;
  user: User | null;
  namespace: string;
  /** Where the kubeconfig came from, for messages. */
  origin: string;
}

export function resolveTarget(loaded: LoadedKubeconfig, flags: TargetFlags): ClusterTarget {
  const { kc, origin } = loaded;
  const contextName = flags.context ?? kc.getCurrentContext();
  const names = kc.getContexts().map((c) => c.name);
  const known = names.length > 0 ? `contexts: ${names.join(', ')}` : 'it defines no context';
  if (!contextName) throw new InputError(`no current-context in kubeconfig ${origin} (${known}): pass --context NAME`);
  const context = kc.getContextObject(contextName);
  if (!context) {
    const which = flags.context ? 'context' : 'current-context';
    throw new InputError(`${which} "${contextName}" does not exist in kubeconfig (${known})`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new InputError(`context "${contextName}" names cluster "${context.cluster}", which is not in kubeconfig ${origin}`);
  // clientcmd validateClusterInfo: "no server found for cluster".
  if (!cluster.server) throw new InputError(`cluster "${context.cluster}" in kubeconfig ${origin} has no server`);
  const user = context.user ? kc.getUser(context.user) : null;
  if (context.user && !user) throw new InputError(`context "${contextName}" names user "${context.user}", which is not in kubeconfig ${origin}`);
  const unusable = context.user ? loaded.unusable?.get(context.user) : undefined;
  if (unusable) throw new InputError(`user "${context.user}" of context "${contextName}" in kubeconfig ${origin}: ${unusable}`);
  kc.setCurrentContext(contextName);
  const namespace = flags.namespace || context.namespace || loaded.inClusterNamespace || 'default';
  return { kc, context: contextName, cluster, user, namespace, origin };
}

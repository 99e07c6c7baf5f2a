/**
 * Finds and merges kubeconfig files the way kubectl does (client-go clientcmd
 * `ClientConfigLoadingRules`): `--kubeconfig` alone when given (a missing file is an error);
 * else every file in `KUBECONFIG` (path-list separated, missing files skipped, the first file to
 * define a name or the current-context wins); else `~/.kube/config`; else the pod's service
 * account (in-cluster). No config at all is an error, never a guess.
 *
 * client-node's `loadFromDefault` is not used: it reads `process.env` rather than the injected
 * environment, lets the *last* KUBECONFIG file's current-context win, throws "Duplicate cluster"
 * where kubectl keeps the first, fails when the first file is missing, and silently falls back to
 * `http://localhost:8080` when it finds nothing (context "loaded-context").
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { delimiter, join } from 'node:path';
// The KubeConfig module alone, not the package index: the index pulls in every generated API
// client (an 18 MB bundle, ~150 ms to load); config.js bundles to 2.4 MB. client-node 2.x has no
// "exports" map, so the path is public in practice; pinned by ^2.0.1.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { InputError } from '../../failures.ts';
import { readKubeconfigFile, type KubeconfigFile } from './kubeconfigFile.ts';
import type { UserImpersonation } from './overrides.ts';

export const NO_KUBECONFIG = 'no kubeconfig: set KUBECONFIG, pass --kubeconfig, or run inside a cluster';
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubeconfigSource {
  /** `--kubeconfig`. */
  path?: string | undefined;
  env: Record<string, string | undefined>;
  /** Where a pod's service account is mounted (a parameter so tests can point it elsewhere). */
  serviceAccountDir?: string;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** Where it came from, for messages: a path, "KUBECONFIG (a, b)", "the pod's service account". */
  origin: string;
  /** In a pod: the namespace kubectl would default to (POD_NAMESPACE, else the service account's). */
  inClusterNamespace?: string;
  /** Users that cannot be used, and why (an unreadable tokenFile, an unsupported auth-provider). */
  unusable?: Map<string, string>;
  /** Users' `as-groups` and `as-uid` (kubeconfigFile.ts). */
  impersonation?: Map<string, UserImpersonation>;
  /** Clusters with `disable-compression: true`. */
  disableCompression?: Set<string>;
}

export function loadKubeconfig(source: KubeconfigSource): LoadedKubeconfig {
  if (source.path) {
    if (!existsSync(source.path)) throw new InputError(`--kubeconfig ${source.path}: no such file`);
    return { ...mergeFirstWins([readKubeconfigFile(source.path)]), origin: source.path };
  }
  const inCluster = () => inClusterConfig(source.env, source.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
  const list = source.env.KUBECONFIG;
  if (list) {
    const paths = list.split(delimiter).filter(Boolean);
    const present = paths.filter((p) => existsSync(p));
    if (present.length > 0) return { ...mergeFirstWins(present.map(readKubeconfigFile)), origin: `KUBECONFIG (${present.join(', ')})` };
    // kubectl: an empty merged config falls back to in-cluster when that is possible.
    return inCluster() ?? fail(`${NO_KUBECONFIG} (none of the KUBECONFIG files exist: ${paths.join(', ')})`);
  }
  const home = source.env.HOME ?? source.env.USERPROFILE;
  const homeConfig = home ? join(home, '.kube', 'config') : undefined;
  if (homeConfig && existsSync(homeConfig)) return { ...mergeFirstWins([readKubeconfigFile(homeConfig)]), origin: homeConfig };
  return inCluster() ?? fail(NO_KUBECONFIG);
}

function fail(message: string): never {
  throw new InputError(message);
}

/**
 * kubectl's merge: the first file to set a name (or the current-context) wins; later ones only add.
 * A user's problem belongs to the definition that won.
 */
export function mergeFirstWins(files: readonly KubeconfigFile[]): Required<Pick<LoadedKubeconfig, 'kc' | 'unusable' | 'impersonation' | 'disableCompression'>> {
  const configs = files.map((f) => f.kc);
  const merged = new KubeConfig();
  const users = firstByName<User>(configs.flatMap((c) => c.getUsers()));
  merged.loadFromOptions({
    clusters: firstByName<Cluster>(configs.flatMap((c) => c.getClusters())),
    users,
    contexts: firstByName<Context>(configs.flatMap((c) => c.getContexts())),
    currentContext: configs.map((c) => c.getCurrentContext()).find((name) => Boolean(name)),
  });
  const unusable = new Map<string, string>();
  const impersonation = new Map<string, UserImpersonation>();
  for (const user of users) {
    const owner = files.find((f) => f.kc.getUsers().includes(user));
    const why = owner?.unusable.get(user.name);
    if (why !== undefined) unusable.set(user.name, why);
    const as = owner?.impersonation.get(user.name);
    if (as !== undefined) impersonation.set(user.name, as);
  }
  const disableCompression = new Set<string>();
  for (const cluster of merged.getClusters()) {
    const owner = files.find((f) => f.kc.getClusters().some((c) => c.name === cluster.name));
    if (owner?.disableCompression.has(cluster.name)) disableCompression.add(cluster.name);
  }
  return { kc: merged, unusable, impersonation, disableCompression };
}

function firstByName<T extends { name: string }>(entries: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const entry of entries) if (!seen.has(entry.name)) seen.set(entry.name, entry);
  return [...seen.values()];
}

/**
 * client-go `rest.InClusterConfig`: KUBERNETES_SERVICE_HOST/PORT plus the mounted token, always
 * HTTPS with the mounted CA. The token is read through client-node's tokenFile provider, which
 * re-reads it, so a rotated (bound) token keeps working.
 */
function inClusterConfig(env: Record<string, string | undefined>, dir: string): LoadedKubeconfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = join(dir, 'token');
  if (!host || !port || !existsSync(tokenFile)) return undefined;
  const name = 'in-cluster';
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name, authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return { kc, origin: "the pod's service account", inClusterNamespace: inClusterNamespace(env, dir) };
}

function inClusterNamespace(env: Record<string, string | undefined>, dir: string): string {
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  try {
    return readFileSync(join(dir, 'namespace'), 'utf8').trim() || 'default';
  } catch {
    return 'default';
  }
}

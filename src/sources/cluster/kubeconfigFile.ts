/**
 * One kubeconfig file, read the way client-go's clientcmd reads it, into client-node's KubeConfig.
 * client-node's own `loadFromFile` is not used, because:
 *
 * - its YAML errors carry a snippet of the lines around the error, which in a kubeconfig is a
 *   bearer token or a key (kubectl prints only the line and the reason); its parser has no alias
 *   or depth bound, and it reads no UTF-16;
 * - it ignores `tokenFile` (it reads `token-file`, a field kubectl does not know), so a user
 *   with only a tokenFile sent no credentials and the server's 401 blamed the user.
 *
 * The fields of clientcmd/api/v1 types.go that kubectl honours, and what happens to each here:
 * cluster `server`, `certificate-authority(-data)`, `insecure-skip-tls-verify`,
 * `tls-server-name`, `proxy-url`, `disable-compression`: used (relative paths resolved against the
 * file's folder, as loader.go ResolveLocalPaths does).
 * user `token`, `tokenFile`, `client-certificate(-data)`, `client-key(-data)`,
 * `username`/`password`, `exec`, `as`, `as-groups`, `as-uid`: used (impersonation as kubectl's
 * headers, overrides.ts). `tokenFile` is read when the user is used, trimmed,
 * and wins over `token` when both are set, as client-go's transport does
 * (k8s.io/client-go/transport/token_source.go NewCachedFileTokenSource, which also re-reads it
 * every minute; a command here reads it once per connection). `as-user-extra` and any
 * `auth-provider` but oidc are refused by name when the user is used,
 * rather than ignored (ignoring them would send requests as someone else). auth-provider `gcp`
 * and `azure` were removed from kubectl itself (client-go plugin/pkg/client/auth/gcp/gcp_stub.go,
 * azure/azure_stub.go); `oidc` goes to client-node's OIDC provider, which uses the id-token and
 * refreshes it like kubectl (without writing it back).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import * as jsYaml from 'js-yaml';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { InputError } from '../../failures.ts';
import { bool, firstProblem, list, map, obj, str, type Shape } from '../../kubernetes/shape.ts';
import { parseYaml } from '../documents.ts';
import { fileError } from '../read.ts';
import { decodeText } from '../text.ts';
import type { UserImpersonation } from './overrides.ts';

/** A kubeconfig file as client-node uses it, and what is wrong with users that cannot be used. */
export interface KubeconfigFile {
  kc: KubeConfig;
  /** Per user name: why it cannot be used (reported only when a context uses it). */
  unusable: Map<string, string>;
  /** Per user name: `as-groups` and `as-uid`, which client-node's User does not keep. */
  impersonation: Map<string, UserImpersonation>;
  /** Clusters with `disable-compression: true`. */
  disableCompression: Set<string>;
}

const execShape = obj({ command: str, args: list(str), env: list(obj({ name: str, value: str })), apiVersion: str, installHint: str, provideClusterInfo: bool, interactiveMode: str });

const KUBECONFIG: Shape = obj({
  'current-context': str,
  clusters: list(obj({ name: str, cluster: obj({ server: str, 'certificate-authority': str, 'certificate-authority-data': str, 'insecure-skip-tls-verify': bool, 'tls-server-name': str, 'proxy-url': str, 'disable-compression': bool }) })),
  users: list(
    obj({
      name: str,
      user: obj({
        token: str,
        tokenFile: str,
        'client-certificate': str,
        'client-certificate-data': str,
        'client-key': str,
        'client-key-data': str,
        username: str,
        password: str,
        as: str,
        'as-uid': str,
        'as-groups': list(str),
        'as-user-extra': map(list(str)),
        exec: execShape,
        'auth-provider': obj({ name: str, config: map(str) }),
      }),
    }),
  ),
  contexts: list(obj({ name: str, context: obj({ cluster: str, user: str, namespace: str }) })),
});

type Fields = Record<string, unknown>;

export function readKubeconfigFile(path: string): KubeconfigFile {
  const source = `kubeconfig ${path}`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return fileError(source, err);
  }
  // An empty file is an empty config, as clientcmd.Load reads it.
  const document = parseYaml(jsYaml, decodeText(bytes, source), source)[0] ?? {};
  const problem = firstProblem(document, KUBECONFIG);
  if (problem) throw new InputError(`${source}: ${problem.path} ${problem.problem}`);
  return fromDocument(document as Fields, dirname(path));
}

function fromDocument(doc: Fields, base: string): KubeconfigFile {
  const unusable = new Map<string, string>();
  const impersonation = new Map<string, UserImpersonation>();
  const disableCompression = new Set<string>();
  // Entries without a name cannot be referred to; clientcmd keys them by name.
  const entries = (key: string, field: string) =>
    ((doc[key] as Fields[] | null | undefined) ?? []).flatMap((e) => (typeof e.name === 'string' && e.name !== '' ? [{ name: e.name, body: (e[field] ?? {}) as Fields }] : []));
  const clusters: Cluster[] = entries('clusters', 'cluster').map(({ name, body }) => {
    if (body['disable-compression'] === true) disableCompression.add(name);
    return clusterOf(name, body, base);
  });
  const users: User[] = entries('users', 'user').map(({ name, body }) => {
    const why = unsupported(body);
    if (why) unusable.set(name, why);
    const groups = (body['as-groups'] as string[] | null | undefined) ?? [];
    const uid = body['as-uid'] as string | undefined;
    if (groups.length > 0 || uid) impersonation.set(name, { groups, ...(uid ? { uid } : {}) });
    return userOf(name, body, base, unusable);
  });
  const contexts: Context[] = entries('contexts', 'context').map(({ name, body }) => ({
    name,
    cluster: (body.cluster as string | undefined) ?? '',
    user: (body.user as string | undefined) ?? '',
    ...(body.namespace ? { namespace: body.namespace as string } : {}),
  }));
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users, contexts, currentContext: doc['current-context'] as string | undefined });
  return { kc, unusable, impersonation, disableCompression };
}

function clusterOf(name: string, body: Fields, base: string): Cluster {
  return {
    name,
    server: String(body.server ?? '').replace(/\/$/, ''),
    caData: body['certificate-authority-data'] as string | undefined,
    caFile: resolve(base, body['certificate-authority'] as string | undefined),
    skipTLSVerify: body['insecure-skip-tls-verify'] === true,
    tlsServerName: body['tls-server-name'] as string | undefined,
    proxyUrl: body['proxy-url'] as string | undefined,
  };
}

function userOf(name: string, body: Fields, base: string, unusable: Map<string, string>): User {
  const exec = body.exec as { command?: string } | undefined;
  return {
    name,
    token: tokenOf(name, body, base, unusable),
    certData: body['client-certificate-data'] as string | undefined,
    certFile: resolve(base, body['client-certificate'] as string | undefined),
    keyData: body['client-key-data'] as string | undefined,
    keyFile: resolve(base, body['client-key'] as string | undefined),
    username: body.username as string | undefined,
    password: body.password as string | undefined,
    impersonateUser: body.as as string | undefined,
    // Only a command with a path in it is resolved; a bare name is looked up on PATH (loader.go GetAuthInfoFileReferences).
    exec: exec?.command?.includes(sep) ? { ...exec, command: resolve(base, exec.command) } : exec,
    authProvider: body['auth-provider'],
  };
}

/** The bearer token: the tokenFile's when it can be read, else `token`; a tokenFile alone that cannot be read makes the user unusable. */
function tokenOf(name: string, body: Fields, base: string, unusable: Map<string, string>): string | undefined {
  const token = (body.token as string | undefined) || undefined;
  const tokenFile = resolve(base, body.tokenFile as string | undefined);
  if (!tokenFile) return token;
  const read = readToken(tokenFile);
  if (read.token) return read.token;
  if (!token && !unusable.has(name)) unusable.set(name, `tokenFile ${tokenFile}: ${read.problem}`);
  return token;
}

/** client-go's fileTokenSource: the file's content without surrounding whitespace; empty is an error. */
function readToken(path: string): { token: string; problem?: undefined } | { token?: undefined; problem: string } {
  try {
    const token = readFileSync(path, 'utf8').trim();
    return token ? { token } : { problem: 'the file is empty' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? 'error'})` };
  }
}

const REMOVED_PROVIDERS: Record<string, string> = {
  gcp: 'kubectl removed it too (since 1.26): use the "gke-gcloud-auth-plugin" exec credential plugin',
  azure: 'kubectl removed it too (since 1.26): use the "kubelogin" exec credential plugin',
};

/** Why kubectl-slices cannot act as this user the way kubectl would, or null. */
function unsupported(body: Fields): string | null {
  // kubectl has no flag for it either; its headers (Impersonate-Extra-*) are not sent here.
  if (body['as-user-extra'] !== undefined && body['as-user-extra'] !== null) return 'as-user-extra (impersonation with extra fields) is not supported by kubectl-slices';
  const provider = (body['auth-provider'] as { name?: string } | undefined)?.name;
  if (provider === undefined || provider === 'oidc') return null;
  return `auth-provider "${provider}" is not supported${REMOVED_PROVIDERS[provider] ? `: ${REMOVED_PROVIDERS[provider]}` : ' by kubectl-slices: use an exec credential plugin'}`;
}

function resolve(base: string, path: string | undefined): string | undefined {
  if (!path) return undefined;
  return isAbsolute(path) ? path : join(base, path);
}

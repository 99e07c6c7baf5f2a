/**
 * kubectl's connection and identity flags laid over the kubeconfig, with clientcmd's precedence
 * (k8s.io/client-go/tools/clientcmd/client_config.go, DirectClientConfig getCluster, getAuthInfo
 * and ClientConfig): `--cluster` and `--user` pick other entries than the context's; then every
 * flag given wins over the entry's field. Three rules beyond "the flag wins":
 * - `--certificate-authority` or `--insecure-skip-tls-verify` replace the entry's whole trust
 *   setting (CA file, CA data and skip-verify), so a kubeconfig CA never fights the flag;
 * - `--server` clears the entry's tls-server-name unless `--tls-server-name` is given too;
 * - `--client-certificate` (and `--client-key`) replace the entry's file *and* inline data.
 * `--token` wins over the entry's token and tokenFile (getUserIdentificationPartialConfig takes
 * the token first) and over its exec plugin or auth-provider, which are then not run (client-go's
 * exec round tripper: "If a user has already set credentials, use that. This makes commands like
 * `kubectl get --token (token) pods` work."); beside a username and password it is refused, as
 * transport.New refuses it. Impersonation (`--as`, `--as-group`, `--as-uid`, or the user's `as`,
 * `as-groups`, `as-uid`) becomes kubectl's headers; groups or a uid without a user is refused with
 * client-go's words (transport.New).
 */
import type { Cluster, User } from '@kubernetes/client-node/dist/config_types.js';
import { InputError } from '../../failures.ts';

export interface ConnectionOverrides {
  /** --cluster: the kubeconfig cluster entry to use instead of the context's. */
  cluster?: string;
  /** --user: the kubeconfig user entry to use instead of the context's. */
  user?: string;
  server?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  disableCompression?: boolean;
  token?: string;
  clientCertificate?: string;
  clientKey?: string;
  as?: string;
  asGroups?: string[];
  asUid?: string;
}

/** The kubeconfig user's impersonation fields client-node does not keep (`as-groups`, `as-uid`). */
export interface UserImpersonation {
  groups: string[];
  uid?: string;
}

export interface Impersonation {
  user: string;
  groups: string[];
  uid?: string;
}

/** getCluster: the entry, then the flags, then the trust and server-name rules. */
export function overrideCluster(cluster: Cluster, o: ConnectionOverrides): Cluster {
  const merged: { -readonly [K in keyof Cluster]: Cluster[K] } = { ...cluster };
  if (o.server) merged.server = o.server.replace(/\/$/, '');
  if (o.insecureSkipTlsVerify || o.certificateAuthority) {
    merged.skipTLSVerify = o.insecureSkipTlsVerify === true;
    merged.caFile = o.certificateAuthority;
    merged.caData = undefined;
  }
  if (o.tlsServerName || o.server) merged.tlsServerName = o.tlsServerName || undefined;
  return merged;
}

/** getAuthInfo: the entry (or none), then the flags; a certificate or key flag replaces file and data. */
export function overrideUser(user: User | null, name: string, o: ConnectionOverrides): User {
  const merged: { -readonly [K in keyof User]: User[K] } = { ...(user ?? { name }) };
  if (o.token) {
    if (merged.username || merged.password) throw new InputError(`user "${name}": username/password or bearer token may be set, but not both (--token beside the user's username and password)`);
    merged.token = o.token;
    merged.exec = undefined;
    merged.authProvider = undefined;
  }
  if (o.clientCertificate) {
    merged.certFile = o.clientCertificate;
    merged.certData = undefined;
  }
  if (o.clientKey) {
    merged.keyFile = o.clientKey;
    merged.keyData = undefined;
  }
  // Impersonation is sent as headers (impersonationHeaders), not by client-node.
  merged.impersonateUser = undefined;
  return merged;
}

/** Who to act as: the flags over the user's own `as`, `as-groups`, `as-uid` (mergo: a given field wins). */
export function impersonationOf(user: User | null, fields: UserImpersonation | undefined, o: ConnectionOverrides, userName: string): Impersonation | null {
  const as = o.as || user?.impersonateUser || '';
  const groups = o.asGroups && o.asGroups.length > 0 ? o.asGroups : (fields?.groups ?? []);
  const uid = o.asUid || fields?.uid || '';
  if (!as) {
    if (groups.length > 0 || uid) throw new InputError(`requesting uid, groups or user-extra for ${userName} without impersonating a user`);
    return null;
  }
  return { user: as, groups, ...(uid ? { uid } : {}) };
}

/** transport/round_trippers.go NewImpersonatingRoundTripper: one Impersonate-Group line per group. */
export function impersonationHeaders(who: Impersonation | null): Record<string, string | string[]> {
  if (!who) return {};
  return { 'Impersonate-User': who.user, ...(who.uid ? { 'Impersonate-Uid': who.uid } : {}), ...(who.groups.length > 0 ? { 'Impersonate-Group': who.groups } : {}) };
}

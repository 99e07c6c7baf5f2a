/**
 * The kubectl flags every live command shares (declared in options.ts), turned into typed
 * connection settings once, then a connection. Connecting loads client-node lazily: `explain -f`
 * and `version` never pay for it.
 */
import type { ClusterConnection, ConnectOptions } from '../sources/cluster/connect.ts';
import type { ConnectionOverrides } from '../sources/cluster/overrides.ts';
import { VERSION } from '../version.ts';
import { UsageError } from '../failures.ts';
import { durationFlag } from './durations.ts';
import type { CliIO } from './io.ts';

/** How every request of this tool introduces itself (kubectl's form: name/version (os/arch) runtime). */
export const USER_AGENT = `kubectl-slices/${VERSION} (${process.platform}/${process.arch}) node/${process.versions.node}`;

export interface KubeFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  requestTimeout: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  as?: string;
  asGroup?: string[];
  asUid?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  disableCompression?: boolean;
}

/** The flags that change the kubeconfig's cluster or user, as clientcmd.ConfigOverrides holds them. */
function overridesOf(flags: KubeFlags): ConnectionOverrides {
  for (const [flag, value] of [['--cluster', flags.cluster], ['--user', flags.user], ['--server', flags.server], ['--token', flags.token], ['--as', flags.as]] as const) {
    if (value === '') throw new UsageError(`${flag} must not be empty`);
  }
  const overrides: ConnectionOverrides = {
    cluster: flags.cluster,
    user: flags.user,
    server: flags.server,
    token: flags.token,
    as: flags.as,
    asGroups: flags.asGroup,
    asUid: flags.asUid,
    certificateAuthority: flags.certificateAuthority,
    clientCertificate: flags.clientCertificate,
    clientKey: flags.clientKey,
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify,
    tlsServerName: flags.tlsServerName,
    disableCompression: flags.disableCompression,
  };
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ConnectionOverrides;
}

/** The typed connection settings of the kubectl flags: built once, checked once (a bad value is a usage error). */
export function connectOptions(flags: KubeFlags, io: CliIO): ConnectOptions {
  const timeoutMs = durationFlag('--request-timeout', flags.requestTimeout, 'no timeout');
  if (flags.namespace === '') throw new UsageError('-n/--namespace must not be empty');
  return {
    path: flags.kubeconfig,
    env: io.env,
    context: flags.context,
    namespace: flags.namespace,
    overrides: overridesOf(flags),
    timeoutMs,
    userAgent: USER_AGENT,
  };
}

/** Connects with the kubectl flags, runs `fn`, and always drops the connections. Loads client-node only now. */
export async function withCluster<T>(flags: KubeFlags, io: CliIO, fn: (cluster: ClusterConnection) => Promise<T>): Promise<T> {
  const options = connectOptions(flags, io);
  const { withConnection } = await import('../sources/cluster/connect.ts');
  return withConnection(options, fn);
}

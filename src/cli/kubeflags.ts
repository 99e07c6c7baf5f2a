/**
 * The kubectl flags every live command shares (declared in options.ts), turned into typed
 * connection settings once, then a connection. Connecting loads client-node lazily: `explain -f`
 * and `version` never pay for it.
 */
import type { ClusterConnection, ConnectOptions } from '../sources/cluster/connect.ts';
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

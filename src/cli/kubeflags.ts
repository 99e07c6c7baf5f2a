/**
 * The kubectl flags every live command shares (declared in options.ts), turned into a connection.
 * Connecting loads client-node lazily: `explain -f` and `version` never pay for it.
 */
import type { ClusterConnection } from '../sources/cluster/connect.ts';
import { parseRequestTimeout } from '../sources/cluster/duration.ts';
import { VERSION } from '../version.ts';
import { UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';

export interface KubeFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  requestTimeout: string;
}

/** Connects, runs `fn`, and always drops the connections (a failed or stalled request must not keep the process alive). */
export async function withCluster<T>(flags: KubeFlags, io: CliIO, fn: (cluster: ClusterConnection) => Promise<T>): Promise<T> {
  const timeoutMs = parseRequestTimeout(flags.requestTimeout);
  if (flags.namespace === '') throw new UsageError('-n/--namespace must not be empty');
  const { connect } = await import('../sources/cluster/connect.ts');
  const cluster = await connect({
    path: flags.kubeconfig,
    env: io.env,
    context: flags.context,
    namespace: flags.namespace,
    timeoutMs,
    userAgent: `kubectl-slices/${VERSION} (${process.platform}/${process.arch}) node/${process.versions.node}`,
  });
  try {
    return await fn(cluster);
  } finally {
    cluster.client.close();
  }
}

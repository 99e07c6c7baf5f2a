/**
 * The kubectl flags every live command shares: `--kubeconfig`, `--context`, `-n/--namespace`,
 * `--request-timeout`. kubectl does not pass its own global flags to a plugin's environment
 * (plugin dispatch hands over argv unchanged), so we parse them ourselves, with kubectl's meaning.
 * Connecting loads client-node lazily: `explain -f` and `version` never pay for it.
 */
import type { Command } from 'commander';
import type { ClusterConnection } from '../sources/cluster/connect.ts';
import { parseRequestTimeout } from '../sources/cluster/duration.ts';
import { VERSION } from '../version.ts';
import { UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';

/** kubectl's own default is "0" (wait forever); a stalled API server should not hang a diagnosis tool. */
export const DEFAULT_REQUEST_TIMEOUT = '30s';

export interface KubeFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
  requestTimeout: string;
}

const CLUSTER_FLAGS = [
  ['kubeconfig', '--kubeconfig'],
  ['context', '--context'],
  ['requestTimeout', '--request-timeout'],
] as const;

export function addKubeFlags(command: Command, namespaceHelp = "the namespace (default: the context's namespace, else \"default\")"): Command {
  return command
    .option('-n, --namespace <namespace>', namespaceHelp)
    .option('--kubeconfig <file>', 'the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the pod\'s service account)')
    .option('--context <name>', "the kubeconfig context (default: the kubeconfig's current-context)")
    .option('--request-timeout <duration>', 'how long to wait for each API request: 500ms, 5s, 1m, or seconds; 0 waits forever', DEFAULT_REQUEST_TIMEOUT);
}

/** The cluster flags given on the command line, for commands that also read files. */
export function clusterFlagsGiven(command: Command): string[] {
  return CLUSTER_FLAGS.filter(([key]) => command.getOptionValueSource(key) === 'cli').map(([, flag]) => flag);
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

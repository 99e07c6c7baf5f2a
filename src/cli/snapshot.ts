/**
 * `kubectl slices snapshot svc/NAME > bundle.json`: the exact objects an explanation of the
 * Service uses, as a `List`, so it can be replayed offline with `explain -f bundle.json`,
 * attached to a ticket, or turned into a test.
 */
import type { Command } from 'commander';
import { parseServiceRef } from '../kubernetes/ref.ts';
import { renderDocument } from '../render/document.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, outputOption, type OutputFormat } from './options.ts';
import type { ExitStatus } from './run.ts';

interface SnapshotOptions extends KubeFlags {
  output: OutputFormat<'snapshot'>;
}

export function registerSnapshot(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program
    .command('snapshot')
    .description('write the objects an explanation of a Service uses, as a List, for `explain -f`')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  addKubeFlags(command, "the Service's namespace (default: the context's namespace, else \"default\")")
    .addOption(outputOption('snapshot'))
    .action(async (serviceArg: string, options: SnapshotOptions) => {
      const ref = parseServiceRef(serviceArg, options.namespace);
      const bundle = await withCluster(options, io, async (cluster) => {
        const { loadSnapshot } = await import('../sources/cluster/snapshot.ts');
        const { bundleOf } = await import('../sources/cluster/bundle.ts');
        const snapshot = await loadSnapshot(cluster, ref);
        return bundleOf(snapshot, { server: cluster.target.cluster.server, context: cluster.target.context, capturedAt: new Date() });
      });
      io.stdout.write(await renderDocument(bundle, options.output));
    });
}

/**
 * `kubectl slices snapshot svc/NAME > bundle.json`: the exact objects an explanation of the
 * Service uses, as a `List`, so it can be replayed offline with `explain -f bundle.json`,
 * attached to a ticket, or turned into a test.
 */
import { type Command, Option } from 'commander';
import { renderDocument } from '../render/document.ts';
import { selectService } from '../sources/select.ts';
import { parseServiceRef } from './explain.ts';
import type { CliIO } from './io.ts';
import { addKubeFlags, withCluster, type KubeFlags } from './kubeflags.ts';
import type { ExitStatus } from './run.ts';

interface SnapshotOptions extends KubeFlags {
  output: 'json' | 'yaml';
}

export function registerSnapshot(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program
    .command('snapshot')
    .description('write the objects an explanation of a Service uses, as a List, for `explain -f`')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  addKubeFlags(command, "the Service's namespace (default: the context's namespace, else \"default\")")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'yaml']).default('json'))
    .action(async (serviceArg: string, options: SnapshotOptions) => {
      const ref = parseServiceRef(serviceArg, options.namespace);
      const bundle = await withCluster(options, io, async ({ client, namespace, target }) => {
        const { fetchServiceObjects } = await import('../sources/cluster/fetch.ts');
        const { bundleOf } = await import('../sources/cluster/bundle.ts');
        const live = { name: ref.name, namespace: ref.namespace ?? namespace };
        const fetched = await fetchServiceObjects(client, live);
        const snapshot = selectService(fetched.objects, live, { unknown: fetched.unknown });
        return bundleOf(snapshot, { server: target.cluster.server, context: target.context, capturedAt: new Date() });
      });
      io.stdout.write(await renderDocument(bundle, options.output));
    });
}

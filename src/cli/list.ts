/**
 * `kubectl slices list [-n NS | -A] [-l SELECTOR]`: every Service in scope with its pod and
 * endpoint counts and its most serious finding, worst first. Four paginated lists for the whole
 * scope; then each Service goes through the same `selectService` → `explain` as `explain` does,
 * in memory, so the two commands never disagree.
 */
import type { Command } from 'commander';
import { serviceListing } from '../explain/listing.ts';
import { printable } from '../render/printable.ts';
import { listingPrintable } from '../render/printables.ts';
import { loadTheme } from '../render/theme.ts';
import { useColor, type ColorMode } from './color.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, colorOption, outputOption, printOptions } from './options.ts';
import { printConfig, sortedBy, writeOutput, type PrintFlags } from './output.ts';
import type { ExitStatus } from './run.ts';

interface ListOptions extends KubeFlags, PrintFlags {
  allNamespaces?: boolean;
  selector?: string;
  color: ColorMode;
}

export function registerList(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program.command('list').description('list Services with their endpoint counts and most serious finding, worst first');
  addKubeFlags(command)
    .option('-A, --all-namespaces', 'list Services in every namespace')
    .option('-l, --selector <selector>', 'only Services with these labels (app=web,tier!=db)')
    .addOption(outputOption('list'));
  printOptions(command)
    .addOption(colorOption())
    .action(async (options: ListOptions) => {
      const print = await printConfig(options, 'list', io);
      const scope = { namespace: undefined as string | undefined, labelSelector: options.selector };
      const listing = await withCluster(options, io, async (cluster) => {
        const { loadScopeSnapshots } = await import('../sources/cluster/snapshot.ts');
        if (!options.allNamespaces) scope.namespace = cluster.namespace;
        const { snapshots, unknown } = await loadScopeSnapshots(cluster, scope);
        return serviceListing(snapshots, unknown);
      });
      // kubectl's wording, on stderr, so `-o json` stays parseable.
      if (listing.services.length === 0) io.stderr.write(scope.namespace === undefined ? 'No resources found\n' : `No resources found in ${printable(scope.namespace)} namespace.\n`);
      for (const unknown of listing.unknown) io.stderr.write(`warning: ${printable(unknown)}\n`);
      listing.services = await sortedBy(listing.services, print.sortBy);
      const theme = await loadTheme(useColor(options.color, io));
      await writeOutput(listingPrintable(listing, options.allNamespaces === true, { theme, noHeaders: print.noHeaders }), print, io);
    });
}

/**
 * `kubectl slices list [-n NS | -A] [-l SELECTOR]`: every Service in scope with its pod and
 * endpoint counts and its most serious finding, worst first. Four paginated lists for the whole
 * scope; then each Service goes through the same `selectService` → `explain` as `explain` does,
 * in memory, so the two commands never disagree.
 */
import { type Command, Option } from 'commander';
import { explain } from '../explain/explain.ts';
import { endpointState } from '../explain/routing.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { renderDocument } from '../render/document.ts';
import { byWorstFirst, renderListTable, type EndpointCounts, type ServiceListing, type ServiceRow } from '../render/list-table.ts';
import { loadTheme } from '../render/theme.ts';
import type { FetchedObjects } from '../sources/cluster/fetch.ts';
import { parseColorMode, useColor, type ColorMode } from './color.ts';
import type { CliIO } from './io.ts';
import { addKubeFlags, withCluster, type KubeFlags } from './kubeflags.ts';
import type { ExitStatus } from './run.ts';

const LIST_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;

interface ListOptions extends KubeFlags {
  allNamespaces?: boolean;
  selector?: string;
  output: (typeof LIST_FORMATS)[number];
  color: ColorMode;
}

export function registerList(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program.command('list').description('list Services with their endpoint counts and most serious finding, worst first');
  addKubeFlags(command)
    .option('-A, --all-namespaces', 'list Services in every namespace')
    .option('-l, --selector <selector>', 'only Services with these labels (app=web,tier!=db)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(LIST_FORMATS).default('table'))
    .addOption(new Option('--color <when>', 'colour: auto, always or never').default('auto').argParser(parseColorMode))
    .action(async (options: ListOptions) => {
      const scope = { namespace: undefined as string | undefined, labelSelector: options.selector };
      const listing = await withCluster(options, io, async ({ client, namespace }) => {
        const { fetchScopeObjects } = await import('../sources/cluster/scope.ts');
        if (!options.allNamespaces) scope.namespace = namespace;
        return listingOf(await fetchScopeObjects(client, scope));
      });
      // kubectl's wording, on stderr, so `-o json` stays parseable.
      if (listing.services.length === 0) io.stderr.write(scope.namespace === undefined ? 'No resources found\n' : `No resources found in ${scope.namespace} namespace.\n`);
      for (const unknown of listing.unknown) io.stderr.write(`warning: ${unknown}\n`);
      if (options.output === 'json' || options.output === 'yaml') io.stdout.write(await renderDocument(listing, options.output));
      else if (listing.services.length > 0) {
        const theme = await loadTheme(useColor(options.color, io));
        io.stdout.write(renderListTable(listing, { allNamespaces: options.allNamespaces === true, wide: options.output === 'wide', theme }));
      }
    });
}

export async function listingOf(fetched: FetchedObjects): Promise<ServiceListing> {
  const { selectEveryService } = await import('../sources/cluster/services.ts');
  const services = selectEveryService(fetched).map(rowOf).sort(byWorstFirst);
  return { services, unknown: fetched.unknown.map((u) => `${u.kind}: ${u.why}`) };
}

function rowOf(snapshot: Snapshot): ServiceRow {
  const explanation = explain(snapshot);
  const unknown = (kind: string) => snapshot.unknown.some((u) => u.kind === kind);
  // What could not be read is reported once for the whole listing, not as every row's finding.
  const worst = explanation.findings.find((f) => f.code !== 'ResourceUnknown') ?? null;
  return {
    namespace: explanation.service.namespace,
    name: explanation.service.name,
    type: explanation.service.type,
    pods: unknown('Pod') ? null : explanation.pods.filter((p) => p.selected).length,
    endpoints: unknown('EndpointSlice') ? null : endpointCounts(snapshot),
    worst,
  };
}

/** Each endpoint once (a dual-stack pod has one per family), in the first category that fits. */
function endpointCounts(snapshot: Snapshot): EndpointCounts {
  const counts: EndpointCounts = { ready: 0, servingOnly: 0, terminating: 0, notReady: 0 };
  const seen = new Set<string>();
  for (const slice of snapshot.endpointSlices) {
    for (const endpoint of slice.endpoints ?? []) {
      const key = endpoint.targetRef?.uid ?? endpoint.targetRef?.name ?? endpoint.addresses.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const state = endpointState(endpoint);
      if (state.ready) counts.ready++;
      else if (state.serving) counts.servingOnly++;
      else if (state.terminating) counts.terminating++;
      else counts.notReady++;
    }
  }
  return counts;
}

/**
 * `kubectl slices snapshot svc/NAME > bundle.json`: the exact objects an explanation of the
 * Service uses, as a `List`, so it can be replayed offline with `explain -f bundle.json`,
 * attached to a ticket, or turned into a test. Secrets in them are redacted unless
 * `--redact=false`; what was redacted is said on stderr and in the bundle's Capture record.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../failures.ts';
import type { NodeCapture } from '../dataplane/capture.ts';
import { rulesOfCaptures, serviceSelection } from '../dataplane/replay.ts';
import type { Service } from '../kubernetes/objects.ts';
import { parseServiceRef } from '../kubernetes/ref.ts';
import { ruleAddresses, type FoundService } from '../model/ruleAddresses.ts';
import { renderDocument } from '../render/document.ts';
import { collectConfig, collectFlags, nodeCollector, type CollectFlags } from './collect.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, outputOption, type OutputFormat } from './options.ts';
import type { ExitStatus } from './run.ts';

interface SnapshotOptions extends KubeFlags, CollectFlags {
  output: OutputFormat<'snapshot'>;
  redact: boolean;
}

/** `--redact`, `--redact=true`, `--redact=false`, as kubectl spells its boolean flags. */
function parseBoolean(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--redact wants true or false, got "${value}"`);
}

export function registerSnapshot(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program
    .command('snapshot')
    .description('write the objects an explanation of a Service uses, as a List, for `explain -f`')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  addKubeFlags(command, "the Service's namespace (default: the context's namespace, else \"default\")")
    .addOption(outputOption('snapshot'))
    .addOption(new Option('--redact [bool]', 'replace env values, secret-looking annotations and arguments with <redacted>; --redact=false keeps everything').default(true).preset(true).argParser(parseBoolean));
  collectFlags(command, 'all');
  command.action(async (serviceArg: string, options: SnapshotOptions, cmd: Command) => {
    const ref = parseServiceRef(serviceArg, options.namespace);
    const collect = collectConfig(options, cmd, false);
    const { redactObjects, redactionSummary } = await import('../sources/cluster/redact.ts');
    const bundle = await withCluster(options, io, async (cluster) => {
      const { loadSnapshot } = await import('../sources/cluster/snapshot.ts');
      const { bundleOf } = await import('../sources/cluster/bundle.ts');
      // The rules are read once the Service's pods and endpoints name its nodes; a pod only they
      // still reach is looked up too, as explain --collect-dataplane does, so the bundle replays it.
      let captures: NodeCapture[] = [];
      const collector = collect ? nodeCollector(cluster, collect, io) : null;
      const ruleAddressesOf = async (service: Service, found: FoundService) => {
        if (!collector) return new Set<string>();
        captures = await collector.read(found.snapshot);
        return ruleAddresses(service, (await rulesOfCaptures(captures, serviceSelection(service))).dumps);
      };
      const snapshot = await loadSnapshot(cluster, ref, { dumpNodes: collect?.nodes ?? [], ruleAddressesOf, listedNodes: (await collector?.listed()) ?? [] });
      return bundleOf(snapshot, { server: cluster.target.cluster.server, context: cluster.target.context, capturedAt: new Date() }, options.redact ? redactObjects : null, captures);
    });
    if (bundle.redacted) {
      io.stderr.write(`snapshot: ${redactionSummary(bundle.redacted)}\n`);
    } else {
      io.stderr.write('warning: --redact=false: the bundle holds env values, annotations and arguments exactly as the cluster serves them; do not share it\n');
    }
    io.stdout.write(await renderDocument(bundle.list, options.output));
  });
}

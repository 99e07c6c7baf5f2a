/**
 * `kubectl slices explain [svc/]NAME`: for every pod the Service selects, whether it gets traffic
 * and the chain of reasons behind the verdict. Objects come from `-f` files, or, without `-f`,
 * from the cluster of the current kubeconfig context; node dumps from `--dataplane` (or its old
 * name, `--iptables`), each in any format the decoders read. Both sources
 * end in the same `selectService` → `explain` → render path.
 */
import { Option, type Command } from 'commander';
import { explain } from '../explain/explain.ts';
import type { Explanation } from '../explain/types.ts';
import { trafficStatus } from '../explain/summary.ts';
import { EXIT_NOT_ALL_RECEIVE, EXIT_OK, EXIT_SOME_UNKNOWN, UsageError } from '../failures.ts';
import { parseServiceRef, serviceKey, type ServiceRef } from '../kubernetes/ref.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { Service } from '../kubernetes/objects.ts';
import { serviceFrontends } from '../model/frontends.ts';
import { ruleAddresses } from '../model/ruleAddresses.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { explanationsPrintable } from '../render/printables.ts';
import { sortRows } from '../render/output/sort.ts';
import { loadTheme } from '../render/theme.ts';
import { parseDumpSpec, readDumps } from '../sources/dumps.ts';
import type { LiveSnapshotOptions } from '../sources/cluster/snapshot.ts';
import { loadFileSnapshot, type FileSnapshotOptions } from '../sources/files.ts';
import { useColor, type ColorMode } from './color.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, clusterFlagsGiven, colorOption, outputOption, printOptions } from './options.ts';
import { printConfig, writeOutput, type PrintConfig, type PrintFlags } from './output.ts';
import type { ExitStatus } from './run.ts';
import { explainWatchFlags, runWatchCommand, type WatchFlags } from './watch.ts';

interface ExplainOptions extends KubeFlags, Omit<WatchFlags, 'output' | 'color'>, PrintFlags {
  watch?: boolean;
  filename: string[];
  iptables: string[];
  exitCode?: boolean;
  color: ColorMode;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--exit-code`: 3 only for a pod known not to receive traffic; unknown is never called an outage. */
const EXIT_CODES = { ok: EXIT_OK, 'not-receiving': EXIT_NOT_ALL_RECEIVE, unknown: EXIT_SOME_UNKNOWN } as const;

export function registerExplain(program: Command, io: CliIO, status: ExitStatus): void {
  // --iptables is --dataplane's old name: both fill one list, in the order given.
  const dumpSpecs: string[] = [];
  const dumpSpec = (value: string) => (dumpSpecs.push(value), dumpSpecs);
  const command = program
    .command('explain')
    .description('explain, pod by pod, which pods of a Service get traffic and why not the others')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  explainWatchFlags(command);
  addKubeFlags(command, "the Service's namespace (default: with -f, the only one in the files; live, the context's namespace, else \"default\")")
    .option('-f, --filename <file>', 'read objects as `kubectl get -o json|yaml` prints them instead of the cluster (repeatable; - for stdin)', collect, [])
    .option('--iptables <[node=]file>', "a node's iptables-save output (repeatable, one per node)", collect, [])
    .addOption(outputOption('explain'));
  printOptions(command)
    .option('--exit-code', `exit ${EXIT_NOT_ALL_RECEIVE} when a selected pod is known not to receive traffic, ${EXIT_SOME_UNKNOWN} when none is but some are unknown`)
    .addOption(colorOption())
    .action(async (serviceArg: string, options: ExplainOptions, cmd: Command) => {
      if (options.watch) return runWatchCommand(serviceArg, { ...options, dataplane: dumpSpecs }, io, status);
      if (options.for !== undefined || options.until !== undefined) throw new UsageError('--for and --until end a watch: add --watch');
      const print = await printConfig(options, 'explain', io);
      const ref = parseServiceRef(serviceArg, options.namespace);
      // The dumps are read once the source has found the Service (they are searched for it), and
      // the addresses their rules reach can name pods the selector and the endpoints do not.
      const specs = dumpSpecs;
      const dumpNodes = specs.map((spec) => parseDumpSpec(spec).node);
      let dumps: NodeRules[] = [];
      const ruleAddressesOf = async (service: Service) => {
        dumps = await readDumps(specs, io.stdin, { service: serviceKey(service), frontends: serviceFrontends(service) });
        return ruleAddresses(service, dumps);
      };
      const sourceOptions = { dumpNodes, ruleAddressesOf };
      const snapshot = options.filename.length > 0 ? await fileSnapshot(ref, options, cmd, io, sourceOptions) : await liveSnapshot(ref, options, io, sourceOptions);
      const explanation = explain(snapshot, dumps);
      await writeExplanations([explanation], true, print, options.color, io);
      if (options.exitCode) status.code = EXIT_CODES[trafficStatus(explanation.pods, explanation.summary)];
    });
}

/** Files: the objects of the -f files, which must not be mixed with flags that pick a cluster. */
async function fileSnapshot(ref: ServiceRef, options: ExplainOptions, cmd: Command, io: CliIO, sourceOptions: FileSnapshotOptions): Promise<Snapshot> {
  const conflicting = clusterFlagsGiven(cmd);
  if (conflicting.length > 0) throw new UsageError(`${conflicting.join(', ')} select a cluster, but -f reads files: drop one or the other`);
  return loadFileSnapshot(options.filename, io.stdin, ref, sourceOptions);
}

/** Live: the objects fetched for this Service (and the Nodes the dumps name); forbidden kinds are the unknown ones. */
async function liveSnapshot(ref: ServiceRef, flags: KubeFlags, io: CliIO, sourceOptions: LiveSnapshotOptions): Promise<Snapshot> {
  return withCluster(flags, io, async (cluster) => {
    const { loadSnapshot } = await import('../sources/cluster/snapshot.ts');
    return loadSnapshot(cluster, ref, sourceOptions);
  });
}

/** Explanations in the form asked for, each one's pods sorted by --sort-by. */
async function writeExplanations(explanations: Explanation[], single: boolean, print: PrintConfig, color: ColorMode, io: CliIO): Promise<void> {
  const sorted = print.sortBy === undefined ? explanations : explanations.map((e) => ({ ...e, pods: sortRows(e.pods, print.sortBy as string) }));
  const theme = await loadTheme(useColor(color, io));
  await writeOutput(explanationsPrintable(sorted, single, { theme, noHeaders: print.noHeaders }), print, io);
}

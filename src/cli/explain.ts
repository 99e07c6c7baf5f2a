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
import { parseServiceRef, type ServiceRef } from '../kubernetes/ref.ts';
import type { UnreadNode } from '../dataplane/capture.ts';
import { rulesOfCaptures, serviceSelection } from '../dataplane/replay.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { Service } from '../kubernetes/objects.ts';
import { ruleAddresses, type FoundService } from '../model/ruleAddresses.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { renderDocument } from '../render/document.ts';
import { renderTable } from '../render/table.ts';
import { loadTheme } from '../render/theme.ts';
import { parseDumpSpec, readDumps } from '../sources/dumps.ts';
import type { LiveSnapshotOptions } from '../sources/cluster/snapshot.ts';
import { loadFileSnapshot, type FileSnapshotOptions } from '../sources/files.ts';
import { collectConfig, collectFlags, collectFor, type CollectConfig, type CollectFlags } from './collect.ts';
import { useColor, type ColorMode } from './color.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, clusterFlagsGiven, colorOption, outputOption, type OutputFormat } from './options.ts';
import type { ExitStatus } from './run.ts';
import { explainWatchFlags, runWatchCommand, type WatchFlags } from './watch.ts';

interface ExplainOptions extends KubeFlags, CollectFlags, Omit<WatchFlags, 'output' | 'color'> {
  watch?: boolean;
  filename: string[];
  dataplane: string[];
  output: OutputFormat<'explain'>;
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
    .option('--dataplane <[node=]file>', "a node's dataplane dump: iptables-save, nft list, ipvsadm -Ln or cilium-dbg service list output, told by content (repeatable: several per node combine)", dumpSpec, [])
    .addOption(new Option('--iptables <[node=]file>', 'the same as --dataplane (its old name)').argParser(dumpSpec))
    .addOption(outputOption('explain'))
    .option('--exit-code', `exit ${EXIT_NOT_ALL_RECEIVE} when a selected pod is known not to receive traffic, ${EXIT_SOME_UNKNOWN} when none is but some are unknown`)
    .addOption(colorOption());
  collectFlags(command, 'all|INTERVAL');
  command.action(async (serviceArg: string, options: ExplainOptions, cmd: Command) => {
    if (options.watch) return runWatchCommand(serviceArg, { ...options, dataplane: dumpSpecs }, io, status, cmd);
    if (options.for !== undefined || options.until !== undefined) throw new UsageError('--for and --until end a watch: add --watch');
    const ref = parseServiceRef(serviceArg, options.namespace);
    const collect = collectConfig(options, cmd, false);
    if (collect && options.filename.length > 0) throw new UsageError('--collect-dataplane reads the cluster, but -f reads files: drop one or the other (a bundle from `snapshot --collect-dataplane` already holds the nodes\' rules)');
    // The dumps are read once the source has found the Service (they are searched for it), and
    // the addresses their rules reach can name pods the selector and the endpoints do not. The
    // node outputs collected by exec, or carried by a bundle, go through the same decoder.
    const specs = dumpSpecs;
    const dumpNodes = [...specs.map((spec) => parseDumpSpec(spec).node), ...(collect?.nodes ?? [])];
    let dumps: NodeRules[] = [];
    let unread: UnreadNode[] = [];
    const ruleAddressesOf = async (service: Service, found: FoundService) => {
      const selection = serviceSelection(service);
      const collected = rulesOfCaptures(found.captures, selection);
      dumps = [...(await readDumps(specs, io.stdin, selection)), ...collected.dumps];
      unread = collected.unread;
      return ruleAddresses(service, dumps);
    };
    const sourceOptions = { dumpNodes, ruleAddressesOf };
    const snapshot = options.filename.length > 0 ? await fileSnapshot(ref, options, cmd, io, sourceOptions) : await liveSnapshot(ref, options, io, sourceOptions, collect);
    const explanation = explain(snapshot, dumps, unread);
    io.stdout.write(await renderExplanation(explanation, options.output, useColor(options.color, io)));
    if (options.exitCode) status.code = EXIT_CODES[trafficStatus(explanation.pods, explanation.summary)];
  });
}

/** Files: the objects of the -f files, which must not be mixed with flags that pick a cluster. */
async function fileSnapshot(ref: ServiceRef, options: ExplainOptions, cmd: Command, io: CliIO, sourceOptions: FileSnapshotOptions): Promise<Snapshot> {
  const conflicting = clusterFlagsGiven(cmd);
  if (conflicting.length > 0) throw new UsageError(`${conflicting.join(', ')} select a cluster, but -f reads files: drop one or the other`);
  return loadFileSnapshot(options.filename, io.stdin, ref, sourceOptions);
}

/**
 * Live: the objects fetched for this Service (and the Nodes the dumps name); forbidden kinds are
 * the unknown ones. With --collect-dataplane, the rules of its nodes are read once its pods and
 * endpoints are known, on the same connection.
 */
async function liveSnapshot(ref: ServiceRef, flags: KubeFlags, io: CliIO, sourceOptions: Required<LiveSnapshotOptions>, collect: CollectConfig | null): Promise<Snapshot> {
  return withCluster(flags, io, async (cluster) => {
    const { loadSnapshot } = await import('../sources/cluster/snapshot.ts');
    const { ruleAddressesOf } = sourceOptions;
    if (collect === null) return loadSnapshot(cluster, ref, sourceOptions);
    const collecting = async (service: Service, found: FoundService) => ruleAddressesOf(service, { ...found, captures: await collectFor(cluster, found.snapshot, collect, io) });
    return loadSnapshot(cluster, ref, { ...sourceOptions, ruleAddressesOf: collecting });
  });
}

export async function renderExplanation(explanation: Explanation, format: OutputFormat<'explain'>, color: boolean): Promise<string> {
  if (format === 'json' || format === 'yaml') return renderDocument(explanation, format);
  return renderTable(explanation, { wide: format === 'wide', theme: await loadTheme(color) });
}

/**
 * `kubectl slices explain [svc/]NAME`: for every pod the Service selects, whether it gets traffic
 * and the chain of reasons behind the verdict; several Services (names, -l) or the Services of a
 * pod, workload or route as one list (starts.ts). Objects come from `-f` files, or, without `-f`,
 * from the cluster of the current kubeconfig context; node dumps from `--dataplane` (or its old
 * name, `--iptables`), each in any format the decoders read. Both sources end in the same
 * `selectService` → `explain` → render path.
 */
import { Option, type Command } from 'commander';
import { explain } from '../explain/explain.ts';
import type { Explanation } from '../explain/types.ts';
import { trafficStatus } from '../explain/summary.ts';
import { EXIT_NOT_ALL_RECEIVE, EXIT_OK, EXIT_SOME_UNKNOWN, UsageError } from '../failures.ts';
import { routeDocument } from '../explain/route.ts';
import { focusOn, nearMisses, startReport, worstFirst } from '../explain/start.ts';
import type { UnreadNode } from '../dataplane/capture.ts';
import { rulesOfCaptures, serviceSelection } from '../dataplane/replay.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { Service } from '../kubernetes/objects.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import { ruleAddresses, type FoundService } from '../model/ruleAddresses.ts';
import { explanationsPrintable, type ExplanationsShape } from '../render/printables.ts';
import { loadTheme } from '../render/theme.ts';
import { parseDumpSpec, readDumps } from '../sources/dumps.ts';
import { loadFileObjects, type FileSnapshotOptions } from '../sources/files.ts';
import { collectConfig, collectFlags, nodeCollector, type CollectConfig, type CollectFlags } from './collect.ts';
import { useColor, type ColorMode } from './color.ts';
import type { CliIO } from './io.ts';
import { withCluster, type KubeFlags } from './kubeflags.ts';
import { addKubeFlags, clusterFlagsGiven, colorOption, outputOption, printOptions } from './options.ts';
import { printConfig, sortedBy, writeOutput, type PrintConfig, type PrintFlags } from './output.ts';
import type { ExitStatus } from './run.ts';
import { explainRequest, resolveFromObjects, resolveLive, type ExplainRequest, type Resolved } from './starts.ts';
import { explainWatchFlags, runWatchCommand, type WatchFlags } from './watch.ts';

interface ExplainOptions extends KubeFlags, CollectFlags, Omit<WatchFlags, 'output' | 'color'>, PrintFlags {
  watch?: boolean;
  selector?: string;
  filename: string[];
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
    .argument('[targets...]', 'Services (NAME, svc/NAME), or one pod (pod/NAME), workload (deploy/, sts/, ds/, rs/NAME) or route (ingress/, httproute/, grpcroute/NAME) to find the Services of');
  explainWatchFlags(command);
  addKubeFlags(command, "the namespace (default: with -f, the only one in the files; live, the context's namespace, else \"default\")")
    .option('-l, --selector <selector>', 'explain every Service with these labels (app=web,tier!=db), worst first')
    .option('-f, --filename <file>', 'read objects as `kubectl get -o json|yaml` prints them instead of the cluster (repeatable; - for stdin)', collect, [])
    .option('--dataplane <[node=]file>', "a node's dataplane dump: iptables-save, nft list, ipvsadm -Ln or cilium-dbg service list output, told by content (repeatable: several per node combine)", dumpSpec, [])
    .addOption(new Option('--iptables <[node=]file>', 'the same as --dataplane (its old name)').argParser(dumpSpec))
    .addOption(outputOption('explain'));
  printOptions(command)
    .option('--exit-code', `exit ${EXIT_NOT_ALL_RECEIVE} when a selected pod is known not to receive traffic, ${EXIT_SOME_UNKNOWN} when none is but some are unknown`)
    .addOption(colorOption());
  collectFlags(command, 'all|INTERVAL');
  command.action(async (args: string[], options: ExplainOptions, cmd: Command) => {
    if (options.watch) return runWatchCommand(watchTarget(args, options), { ...options, dataplane: dumpSpecs }, io, status, cmd);
    if (options.for !== undefined || options.until !== undefined) throw new UsageError('--for and --until end a watch: add --watch');
    const print = await printConfig(options, 'explain', io);
    const request = explainRequest(args, options.selector, options.namespace);
    const collect = collectConfig(options, cmd, false);
    if (collect && options.filename.length > 0) throw new UsageError('--collect-dataplane reads the cluster, but -f reads files: drop one or the other (a bundle from `snapshot --collect-dataplane` already holds the nodes\' rules)');
    const dataplanes = dataplaneReader(dumpSpecs, io, request.type !== 'single');
    // The nodes the dumps are named after are read too, so their names are checked; the
    // addresses the dumps' rules reach can name pods the selector and the endpoints do not.
    const sourceOptions = {
      dumpNodes: [...dumpSpecs.map((spec) => parseDumpSpec(spec).node), ...(collect?.nodes ?? [])],
      ruleAddressesOf: dataplanes.found,
    };
    const resolved = options.filename.length > 0 ? await fromFiles(request, options, cmd, io, sourceOptions) : await fromCluster(request, options, io, sourceOptions, collect);
    const { explanations, shape } = await explainResolved(resolved, request, dataplanes.of);
    if (shape.type === 'list' && !shape.start && !shape.route && explanations.length === 0) io.stderr.write(noneFound(resolved.namespace));
    await writeExplanations(explanations, shape, print, options.color, io);
    if (options.exitCode) status.code = EXIT_CODES[worstStatus(explanations, shape)];
  });
}

/**
 * Several explanations exit as their worst; a pod no Service selects gets no Service traffic, and a
 * route backend that does not exist (or lacks its port, or is not permitted) gets none either: known.
 */
function worstStatus(explanations: readonly Explanation[], shape: ExplanationsShape): keyof typeof EXIT_CODES {
  const statuses = explanations.map((e) => trafficStatus(e.pods, e.summary));
  const unselected = shape.type === 'list' && shape.start?.services.length === 0;
  const brokenRoute = shape.type === 'list' && (shape.route?.findings.length ?? 0) > 0;
  if (statuses.includes('not-receiving') || unselected || brokenRoute) return 'not-receiving';
  // A backend whose Service could not be read may be the one that is missing.
  const unknownBackend = shape.type === 'list' && (shape.route?.rules.some((r) => r.backends.some((b) => b.state === 'unknown')) ?? false);
  return statuses.includes('unknown') || unknownBackend ? 'unknown' : 'ok';
}

/** What each Service's nodes showed: the rules decoded, and the nodes that could not be read. */
interface NodeReads {
  dumps: NodeRules[];
  unread: UnreadNode[];
}

/**
 * The node rules for a Service, read once. `--dataplane` files: for one Service its lines (or, in
 * dumps that name no Service, its frontends) are searched for; for several, each dump is read
 * whole, once, and shared. Outputs collected by exec, or carried by a bundle, come with the
 * Service as the sources find it (`found`) and go through the same decoder (dataplane/replay.ts).
 */
function dataplaneReader(specs: readonly string[], io: CliIO, several: boolean) {
  let shared: Promise<NodeRules[]> | undefined;
  const files = new Map<string, Promise<NodeRules[]>>();
  const reads = new Map<string, NodeReads>();
  const filesOf = (service: Service): Promise<NodeRules[]> => {
    if (several) return (shared ??= readDumps(specs, io.stdin));
    const key = serviceKey(service);
    const dumps = files.get(key) ?? readDumps(specs, io.stdin, serviceSelection(service));
    files.set(key, dumps);
    return dumps;
  };
  return {
    found: async (service: Service, found: FoundService): Promise<ReadonlySet<string>> => {
      const collected = await rulesOfCaptures(found.captures, serviceSelection(service));
      const read = { dumps: [...(await filesOf(service)), ...collected.dumps], unread: collected.unread };
      reads.set(serviceKey(service), read);
      return ruleAddresses(service, read.dumps);
    },
    of: async (service: Service): Promise<NodeReads> => reads.get(serviceKey(service)) ?? { dumps: await filesOf(service), unread: [] },
  };
}

/** `explain --watch` follows one Service. */
function watchTarget(args: readonly string[], options: ExplainOptions): string {
  if (args.length !== 1 || options.selector !== undefined) throw new UsageError('--watch follows one Service: give one NAME or svc/NAME');
  return args[0] as string;
}

/** kubectl's words when a selector finds nothing, on stderr so -o json stays parseable. */
function noneFound(namespace: string | undefined): string {
  return namespace === undefined ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
}

/** Files: the objects of the -f files, which must not be mixed with flags that pick a cluster. */
async function fromFiles(request: ExplainRequest, options: ExplainOptions, cmd: Command, io: CliIO, sourceOptions: FileSnapshotOptions): Promise<Resolved> {
  const conflicting = clusterFlagsGiven(cmd);
  if (conflicting.length > 0) throw new UsageError(`${conflicting.join(', ')} select a cluster, but -f reads files: drop one or the other`);
  return resolveFromObjects(await loadFileObjects(options.filename, io.stdin), request, options.namespace, sourceOptions);
}

/**
 * Live: the objects fetched for each Service (and the Nodes the dumps name); forbidden kinds are
 * the unknown ones. With --collect-dataplane, the rules of a Service's nodes are read once its
 * pods and endpoints are known, on the same connection, each node once for all the Services; with
 * `=all`, every Node is listed first, so each node read is a known node.
 */
async function fromCluster(request: ExplainRequest, flags: KubeFlags, io: CliIO, sourceOptions: Required<Pick<FileSnapshotOptions, 'ruleAddressesOf'>> & FileSnapshotOptions, collect: CollectConfig | null): Promise<Resolved> {
  return withCluster(flags, io, async (cluster) => {
    if (collect === null) return resolveLive(cluster, request, sourceOptions);
    const { ruleAddressesOf } = sourceOptions;
    const collector = nodeCollector(cluster, collect, io);
    const collecting = async (service: Service, found: FoundService) => ruleAddressesOf(service, { ...found, captures: await collector.read(found.snapshot) });
    return resolveLive(cluster, request, { ...sourceOptions, ruleAddressesOf: collecting, listedNodes: await collector.listed() });
  });
}

/** Each snapshot explained with the node dumps; a start's explanations narrowed to its pods, worst first. */
async function explainResolved(resolved: Resolved, request: ExplainRequest, readsOf: (service: Service) => Promise<NodeReads>): Promise<{ explanations: Explanation[]; shape: ExplanationsShape }> {
  const explanations: Explanation[] = [];
  for (const snapshot of resolved.snapshots) {
    const { dumps, unread } = await readsOf(snapshot.service);
    explanations.push(explain(snapshot, dumps, unread));
  }
  if (request.type === 'single') return { explanations, shape: { type: 'single' } };
  if (resolved.route) return { explanations, shape: { type: 'list', route: routeDocument(resolved.route) } };
  if (!resolved.start) return { explanations: request.type === 'services' && request.selector !== undefined ? explanations.sort(worstFirst) : explanations, shape: { type: 'list' } };
  const { target, pods, services } = resolved.start;
  const names = new Set(pods.pods.map((p) => p.metadata.name));
  const focused = explanations.map((e) => focusOn(e, names)).sort(worstFirst);
  const labelSets = pods.pods.length > 0 ? pods.pods.map((p) => p.metadata.labels) : [pods.templateLabels ?? {}];
  const misses = focused.length === 0 ? nearMisses(services, labelSets) : [];
  return { explanations: focused, shape: { type: 'list', start: startReport(target, pods, focused, misses) } };
}

/** Explanations in the form asked for, each one's pods sorted by --sort-by. */
async function writeExplanations(explanations: Explanation[], shape: ExplanationsShape, print: PrintConfig, color: ColorMode, io: CliIO): Promise<void> {
  const sorted = await Promise.all(explanations.map(async (e) => ({ ...e, pods: await sortedBy(e.pods, print.sortBy) })));
  const theme = await loadTheme(useColor(color, io));
  await writeOutput(explanationsPrintable(sorted, shape, { theme, noHeaders: print.noHeaders }), print, io);
}

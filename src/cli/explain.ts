/**
 * `kubectl slices explain [svc/]NAME`: for every pod the Service selects, whether it gets traffic
 * and the chain of reasons behind the verdict. Objects come from `-f` files, or, without `-f`,
 * from the cluster of the current kubeconfig context; node dumps from `--iptables`. Both sources
 * end in the same `selectService` → `explain` → render path.
 */
import { type Command, Option } from 'commander';
import { explain } from '../explain/explain.ts';
import type { Explanation } from '../explain/types.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { renderDocument } from '../render/document.ts';
import { renderTable } from '../render/table.ts';
import { loadTheme } from '../render/theme.ts';
import { captureFor } from '../sources/cluster/bundle.ts';
import { readDumps } from '../sources/dumps.ts';
import { readObjectFiles } from '../sources/files.ts';
import { selectService, type ServiceRef } from '../sources/select.ts';
import { parseColorMode, useColor, type ColorMode } from './color.ts';
import { EXIT_NOT_ALL_RECEIVE, UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';
import { addKubeFlags, clusterFlagsGiven, withCluster, type KubeFlags } from './kubeflags.ts';
import type { ExitStatus } from './run.ts';
import { explainWatchFlags, runWatchCommand, type WatchFlags } from './watch.ts';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface ExplainOptions extends KubeFlags, Omit<WatchFlags, 'output' | 'color'> {
  watch?: boolean;
  filename: string[];
  iptables: string[];
  output: OutputFormat;
  exitCode?: boolean;
  color: ColorMode;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerExplain(program: Command, io: CliIO, status: ExitStatus): void {
  const command = program
    .command('explain')
    .description('explain, pod by pod, which pods of a Service get traffic and why not the others')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  explainWatchFlags(command);
  addKubeFlags(command, "the Service's namespace (default: with -f, the only one in the files; live, the context's namespace, else \"default\")")
    .option('-f, --filename <file>', 'read objects as `kubectl get -o json|yaml` prints them instead of the cluster (repeatable; - for stdin)', collect, [])
    .option('--iptables <[node=]file>', "a node's iptables-save output (repeatable, one per node)", collect, [])
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--exit-code', `exit ${EXIT_NOT_ALL_RECEIVE} when a selected pod does not receive traffic`)
    .addOption(new Option('--color <when>', 'colour: auto, always or never').default('auto').argParser(parseColorMode))
    .action(async (serviceArg: string, options: ExplainOptions, cmd: Command) => {
      if (options.watch) return runWatchCommand(serviceArg, options, io, status);
      if (options.for !== undefined || options.until !== undefined) throw new UsageError('--for and --until end a watch: add --watch');
      const ref = parseServiceRef(serviceArg, options.namespace);
      const snapshot = options.filename.length > 0 ? await fileSnapshot(ref, options, cmd, io) : await liveSnapshot(ref, options, io);
      const key = `${snapshot.service.metadata.namespace ?? 'default'}/${snapshot.service.metadata.name}`;
      const dumps = await readDumps(options.iptables, io.stdin, key);
      const explanation = explain(snapshot, dumps);
      io.stdout.write(await renderExplanation(explanation, options.output, useColor(options.color, io)));
      if (options.exitCode && explanation.pods.some((p) => p.selected && !p.receivesTraffic)) status.code = EXIT_NOT_ALL_RECEIVE;
    });
}

/** Files: the Service and its objects out of the -f files; a `snapshot` bundle also restores what was unknown when captured. */
async function fileSnapshot(ref: ServiceRef, options: ExplainOptions, cmd: Command, io: CliIO): Promise<Snapshot> {
  const conflicting = clusterFlagsGiven(cmd);
  if (conflicting.length > 0) throw new UsageError(`${conflicting.join(', ')} select a cluster, but -f reads files: drop one or the other`);
  const objects = await readObjectFiles(options.filename, io.stdin);
  const snapshot = selectService(objects, ref);
  const capture = captureFor(objects, snapshot.service.metadata);
  return capture ? { ...snapshot, unknown: capture.unknown } : snapshot;
}

/** Live: the same selection, over the objects fetched for this Service; forbidden kinds are the unknown ones. */
async function liveSnapshot(ref: ServiceRef, flags: KubeFlags, io: CliIO): Promise<Snapshot> {
  return withCluster(flags, io, async ({ client, namespace }) => {
    const { fetchServiceObjects } = await import('../sources/cluster/fetch.ts');
    const live = { name: ref.name, namespace: ref.namespace ?? namespace };
    const fetched = await fetchServiceObjects(client, live);
    return selectService(fetched.objects, live, { unknown: fetched.unknown });
  });
}

export async function renderExplanation(explanation: Explanation, format: OutputFormat, color: boolean): Promise<string> {
  if (format === 'json' || format === 'yaml') return renderDocument(explanation, format);
  return renderTable(explanation, { wide: format === 'wide', theme: await loadTheme(color) });
}

/** `web`, `svc/web`, `service/web`, `services/web`; anything else is a usage error. */
export function parseServiceRef(arg: string, namespace: string | undefined): ServiceRef {
  const slash = arg.indexOf('/');
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  const kind = slash >= 0 ? arg.slice(0, slash) : 'svc';
  if (!['svc', 'service', 'services'].includes(kind.toLowerCase())) {
    throw new UsageError(`"${arg}" is not a Service: give NAME or svc/NAME`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new UsageError(`"${name}" is not a valid Service name`);
  return namespace ? { name, namespace } : { name };
}

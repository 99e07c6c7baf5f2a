/**
 * `kubectl slices watch [svc/]NAME`: the explanation of `explain`, live, with a timeline of every
 * pod, EndpointSlice and Endpoints transition and how long each endpoint change took after its
 * pod's. A screen on a terminal; NDJSON otherwise (or with -o json). Ends on q, on --until, or
 * after --for; the exit code says which. `explain --watch` runs the same thing (watchFlags +
 * runWatchCommand).
 */
import { Option, type Command } from 'commander';
import { parseServiceRef } from '../kubernetes/ref.ts';
import { parseDuration } from '../watch/duration.ts';
import { UNTIL_CONDITIONS, type UntilCondition } from '../watch/until.ts';
import { useColor, type ColorMode } from './color.ts';
import { EXIT_UNTIL_NOT_MET, InputError, UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';
import type { KubeFlags } from './kubeflags.ts';
import { addKubeFlags, colorOption, outputOption } from './options.ts';
import type { ExitStatus } from './run.ts';

export interface WatchFlags extends KubeFlags {
  /** json: NDJSON; anything else: the screen on a terminal (NDJSON when stdout is not one). */
  output?: string;
  for?: string;
  until?: UntilCondition;
  color: ColorMode;
  stallTimeout: string;
  /** `explain --watch` carries explain's file inputs, which a live watch cannot use. */
  filename?: string[];
  iptables?: string[];
}

export function registerWatch(program: Command, io: CliIO, status: ExitStatus): void {
  const command = program
    .command('watch')
    .description('watch a Service live: which pods get traffic, every readiness transition, and how fast endpoints follow')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  addKubeFlags(command, "the Service's namespace (default: the context's namespace, else \"default\")")
    .addOption(outputOption('stream'))
    .addOption(colorOption());
  watchFlags(command).action((serviceArg: string, options: WatchFlags) => runWatchCommand(serviceArg, options, io, status));
}

/** `explain --watch` and its flags: the one call explain.ts makes, with `runWatchCommand` in its action. */
export function explainWatchFlags(command: Command): Command {
  return watchFlags(command.option('--watch', 'keep watching the cluster: the live screen (or NDJSON) of `kubectl slices watch`'));
}

/** The flags that end a watch on its own, shared with `explain --watch`. */
export function watchFlags(command: Command): Command {
  return command
    .option('--for <duration>', `stop after this long (30s, 5m, 1m30s); exit ${EXIT_UNTIL_NOT_MET} if --until was not met by then`)
    .addOption(new Option('--until <condition>', 'stop, exit 0, once every selected pod receives traffic (all-ready) or one does not (any-not-ready)').choices(UNTIL_CONDITIONS))
    .addOption(new Option('--stall-timeout <duration>', 'reconnect a watch stream that sends nothing, not even a bookmark, for this long').default('90s').hideHelp());
}

export async function runWatchCommand(serviceArg: string, options: WatchFlags, io: CliIO, status: ExitStatus): Promise<void> {
  const ref = parseServiceRef(serviceArg, options.namespace);
  if (options.filename?.length) throw new UsageError('--watch follows the cluster; -f files do not change: drop one or the other');
  if (options.iptables?.length) throw new UsageError('--watch cannot follow --iptables dumps (they are one moment of a node): drop --iptables');
  const forMs = options.for === undefined ? undefined : positiveDuration('--for', options.for);
  const stallMs = positiveDuration('--stall-timeout', options.stallTimeout);
  if (options.output !== undefined && !['json', 'table', 'wide'].includes(options.output)) throw new UsageError(`a watch prints a screen or, with -o json, NDJSON (got -o ${options.output})`);
  const format = options.output === 'json' || io.stdout.isTTY !== true ? 'ndjson' : 'screen';
  const { runLiveWatch } = await import('../watch/live/runLive.ts');
  const end = await runLiveWatch(io, { name: ref.name, flags: options, format, color: useColor(options.color, io), until: options.until, forMs, forLabel: options.for, stallMs });
  if (end.error) throw new InputError(end.reason);
  status.code = end.code;
}

function positiveDuration(flag: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) throw new UsageError(`${flag} must be a duration such as 30s, 5m or 1m30s (got "${value}")`);
  return ms;
}

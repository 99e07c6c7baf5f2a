/**
 * `kubectl slices watch [svc/]NAME`: the explanation of `explain`, live, with a timeline of every
 * pod, EndpointSlice and Endpoints transition and how long each endpoint change took after its
 * pod's. A screen on a terminal; NDJSON otherwise (or with -o json). Ends on q, on --until, or
 * after --for; the exit code says which. `explain --watch` runs the same thing (watchFlags +
 * runWatchCommand).
 */
import { Option, type Command } from 'commander';
import { UNTIL_CONDITIONS } from '../watch/until.ts';
import { EXIT_UNTIL_NOT_MET } from '../failures.ts';
import { collectFlags } from './collect.ts';
import type { CliIO } from './io.ts';
import { addKubeFlags, colorOption, outputOption } from './options.ts';
import type { ExitStatus } from './run.ts';
import { watchConfig, type WatchFlags } from './watch/config.ts';

export type { WatchFlags } from './watch/config.ts';

export function registerWatch(program: Command, io: CliIO, status: ExitStatus): void {
  const command = program
    .command('watch')
    .description('watch a Service live: which pods get traffic, every readiness transition, and how fast endpoints follow')
    .argument('<service>', 'the Service: NAME or svc/NAME');
  addKubeFlags(command, "the Service's namespace (default: the context's namespace, else \"default\")")
    .addOption(outputOption('stream'))
    .addOption(colorOption());
  collectFlags(command, 'all|INTERVAL');
  watchFlags(command).action((serviceArg: string, options: WatchFlags, cmd: Command) => runWatchCommand(serviceArg, options, io, status, cmd));
}

/** `explain --watch` and its flags: the one call explain.ts makes, with `runWatchCommand` in its action. */
export function explainWatchFlags(command: Command): Command {
  return watchFlags(command.option('--watch', 'keep watching the cluster: the live screen (or NDJSON) of `kubectl slices watch`'));
}

/** The flags that end a watch on its own, shared with `explain --watch`. */
export function watchFlags(command: Command): Command {
  return command
    .option('--for <duration>', `stop after this long (30s, 5m, 1m30s, or whole seconds); exit ${EXIT_UNTIL_NOT_MET} if --until was not met by then`)
    .addOption(new Option('--until <condition>', 'stop, exit 0, once every selected pod receives traffic (all-ready) or one does not (any-not-ready)').choices(UNTIL_CONDITIONS))
    .addOption(new Option('--stall-timeout <duration>', 'reconnect a watch stream that sends nothing, not even a bookmark, for this long').default('90s').hideHelp());
}

export async function runWatchCommand(serviceArg: string, options: WatchFlags, io: CliIO, status: ExitStatus, cmd: Command): Promise<void> {
  const config = watchConfig(serviceArg, options, io, cmd);
  const { runLiveWatch } = await import('./watch/live.ts');
  const end = await runLiveWatch(config, io);
  if ('error' in end) throw end.error;
  status.code = end.code;
}

/**
 * The watch's flags, made into one typed config, once (as stern's `sternConfig()` turns its
 * options into a typed `stern.Config`): durations in ms, the output decided, the connection
 * settings resolved. Nothing below cli/ sees a flag string.
 */
import { parseServiceRef, type ServiceRef } from '../../kubernetes/ref.ts';
import type { ConnectOptions } from '../../sources/cluster/connect.ts';
import type { UntilCondition } from '../../watch/until.ts';
import { UsageError } from '../../failures.ts';
import { useColor, type ColorMode } from '../color.ts';
import { durationFlag } from '../durations.ts';
import type { Command } from 'commander';
import { collectConfig, type CollectConfig, type CollectFlags } from '../collect.ts';
import type { CliIO } from '../io.ts';
import { connectOptions, type KubeFlags } from '../kubeflags.ts';

/** How a watch is shown: the screen on a terminal, NDJSON otherwise (or with -o json). */
export interface WatchOutput {
  format: 'screen' | 'ndjson';
  color: boolean;
  /** Shown in the header ("demo"). */
  mode?: string;
}

export interface WatchConfig extends WatchOutput {
  /** The Service; its namespace is -n's, or the context's once connected. */
  target: ServiceRef;
  until?: UntilCondition;
  forMs?: number;
  /** `--for` as the user wrote it, only to say how the watch ended ("for 1m30s"). */
  forLabel?: string;
  /** A watch stream silent this long (not even a bookmark) is reconnected. */
  stallMs: number;
  connection: ConnectOptions;
  /** --collect-dataplane: read the nodes' rules again every interval; null: not asked. */
  collect: CollectConfig | null;
}

export interface WatchFlags extends KubeFlags, CollectFlags {
  /** json: NDJSON; anything else: the screen on a terminal (NDJSON when stdout is not one). */
  output?: string;
  for?: string;
  until?: UntilCondition;
  color: ColorMode;
  stallTimeout: string;
  /** `explain --watch` carries explain's file inputs, which a live watch cannot use. */
  filename?: string[];
  dataplane?: string[];
}

export function watchConfig(serviceArg: string, flags: WatchFlags, io: CliIO, command: Command): WatchConfig {
  const target = parseServiceRef(serviceArg, flags.namespace);
  if (flags.filename?.length) throw new UsageError('--watch follows the cluster; -f files do not change: drop one or the other');
  if (flags.dataplane?.length) throw new UsageError('--watch cannot follow --dataplane dumps (they are one moment of a node): drop --dataplane');
  const forMs = flags.for === undefined ? undefined : durationFlag('--for', flags.for);
  const stallMs = durationFlag('--stall-timeout', flags.stallTimeout);
  if (flags.output !== undefined && !['json', 'table', 'wide'].includes(flags.output)) throw new UsageError(`a watch prints a screen or, with -o json, NDJSON (got -o ${flags.output})`);
  return {
    target,
    until: flags.until,
    forMs,
    forLabel: flags.for,
    stallMs,
    format: outputFormat(flags.output, io),
    color: useColor(flags.color, io),
    connection: connectOptions(flags, io),
    collect: collectConfig(flags, command, true),
  };
}

export function outputFormat(output: string | undefined, io: CliIO): WatchOutput['format'] {
  return output === 'json' || io.stdout.isTTY !== true ? 'ndjson' : 'screen';
}

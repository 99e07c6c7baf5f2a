import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { registerCompletion } from './completion/register.ts';
import { registerDemo } from './demo.ts';
import { registerExplain } from './explain.ts';
import { registerList } from './list.ts';
import { registerRules } from './rules.ts';
import { registerSnapshot } from './snapshot.ts';
import { registerVersion } from './version.ts';
import { registerWatch } from './watch.ts';

/** Every subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIO, status: ExitStatus): void {
  registerExplain(program, io, status);
  registerList(program, io, status);
  registerSnapshot(program, io, status);
  registerRules(program, io, status);
  registerWatch(program, io, status);
  registerDemo(program, io, status);
  registerVersion(program, io, status);
  registerCompletion(program, io, status);
}

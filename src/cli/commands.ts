import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { registerExplain } from './explain.ts';
import { registerVersion } from './version.ts';

/** Every subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIO, status: ExitStatus): void {
  registerExplain(program, io, status);
  registerVersion(program, io, status);
}

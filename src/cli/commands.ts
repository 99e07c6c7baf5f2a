import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { registerVersion } from './version.ts';

/** Every subcommand, in the order `--help` lists them. */
export function registerCommands(program: Command, io: CliIO, status: ExitStatus): void {
  registerVersion(program, io, status);
}

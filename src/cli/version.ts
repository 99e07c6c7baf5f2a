import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { versionLine } from '../version.ts';

/** `kubectl slices version`. */
export function registerVersion(program: Command, io: CliIO, _status: ExitStatus): void {
  program
    .command('version')
    .description('print the kubectl-slices version')
    .action(() => {
      io.stdout.write(`${versionLine()}\n`);
    });
}

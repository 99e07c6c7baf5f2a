import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { VERSION } from '../version.ts';

/** What `version` and `--version` print: the plugin's version and the Node it runs on. */
export function versionLine(): string {
  return `kubectl-slices ${VERSION} (node ${process.versions.node})`;
}

/** `kubectl slices version`. */
export function registerVersion(program: Command, io: CliIO, _status: ExitStatus): void {
  program
    .command('version')
    .description('print the kubectl-slices version')
    .action(() => {
      io.stdout.write(`${versionLine()}\n`);
    });
}

/**
 * Builds the `kubectl slices` command line and runs it. Every command registers itself; this file
 * only maps what they throw to kubectl's conventions: `error: ...` on stderr, exit 1 for bad input,
 * 2 for bad usage.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE } from '../failures.ts';
import { printable } from '../render/printable.ts';
import { describeFailure } from './errors.ts';
import type { CliIO } from './io.ts';
import { registerCommands } from './commands.ts';
import { versionLine } from '../version.ts';

/** Where a command reports its exit code (0 unless it says otherwise). */
export interface ExitStatus {
  code: number;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const status: ExitStatus = { code: EXIT_OK };
  try {
    const program = await buildProgram(argv, io, status);
    await program.parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err, io);
    const { code, message } = describeFailure(err);
    io.stderr.write(`error: ${message}\n`);
    return code;
  }
}

async function buildProgram(argv: string[], io: CliIO, status: ExitStatus): Promise<Command> {
  const program = new Command('kubectl slices')
    .description('Explain which pods a Service sends traffic to, and why not the others.')
    .version(versionLine(), '--version', 'print the kubectl-slices version, as `version` does')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander already prefixes its messages with "error: ".
      // Its messages quote the command line back: printable, like every error line.
      outputError: (s, write) => write(`${printable(s.trimEnd())}\n`),
    })
    .exitOverride();
  await registerCommands(program, io, status, argv);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

function commanderExit(err: CommanderError, _io: CliIO): number {
  // help and version are successful exits; every other commander error is a usage error.
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
  if (err.code === 'commander.executeSubCommandAsync') return EXIT_OK;
  return EXIT_USAGE;
}

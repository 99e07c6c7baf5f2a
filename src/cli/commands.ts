import type { Command } from 'commander';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';

type Register = (program: Command, io: CliIO, status: ExitStatus) => void;

/**
 * Every subcommand, in the order `--help` lists them, each module loaded only when needed: a
 * command's module pulls in everything it runs (the explain core, the renderers, the decoders), and
 * loading all of them costs more than Node takes to start (issue 15's start-up target).
 */
const COMMANDS: readonly (readonly [name: string, load: () => Promise<Register>])[] = [
  ['explain', async () => (await import('./explain.ts')).registerExplain],
  ['list', async () => (await import('./list.ts')).registerList],
  ['snapshot', async () => (await import('./snapshot.ts')).registerSnapshot],
  ['rules', async () => (await import('./rules.ts')).registerRules],
  ['watch', async () => (await import('./watch.ts')).registerWatch],
  ['demo', async () => (await import('./demo.ts')).registerDemo],
  ['version', async () => (await import('./version.ts')).registerVersion],
  // `completion` and the hidden `__complete`: completing a line reads every command's flags.
  ['completion', async () => (await import('./completion/register.ts')).registerCompletion],
];

/**
 * Registers the command that `argv` names, or every command when it names none of them (`--help`,
 * `help`, completion, a typo that deserves suggestions). A command line is parsed the same either
 * way: the root has no options of its own but help and version, so the first word is the command.
 */
export async function registerCommands(program: Command, io: CliIO, status: ExitStatus, argv: readonly string[]): Promise<void> {
  const named = COMMANDS.find(([name]) => name === argv[0] && name !== 'completion');
  const chosen = named ? [named] : COMMANDS;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program, io, status);
}

/**
 * `kubectl slices completion bash|zsh|fish` prints a completion script for the standalone
 * `kubectl-slices`; the hidden `__complete` answers it, and kubectl's plugin completion too (via
 * bin/kubectl_complete-slices), in Cobra's protocol. Completion always exits 0 with the directive
 * as the last line: kubectl ignores a completer's output when it exits non-zero.
 */
import { Argument, type Command } from 'commander';
import { describeFailure } from '../errors.ts';
import type { CliIO } from '../io.ts';
import type { ExitStatus } from '../run.ts';
import { planCompletion, type Lookup } from './candidates.ts';
import { formatCompletion, matching, nothing, type Completion } from './protocol.ts';
import { completionScript, SHELLS, type Shell } from './scripts.ts';

export const COMPLETE_COMMAND = '__complete';

const COMPLETION_HELP = `
Load it in the current shell:
  source <(kubectl-slices completion bash)      bash
  source <(kubectl-slices completion zsh)       zsh (after compinit)
  kubectl-slices completion fish | source       fish

\`kubectl slices <TAB>\` (kubectl >= 1.26) needs no script: put kubectl_complete-slices, from
the same bin directory, on PATH next to kubectl-slices (for krew: ~/.krew/bin).`;

export function registerCompletion(program: Command, io: CliIO, _status: ExitStatus): void {
  program
    .command('completion')
    .description('print the shell completion script for kubectl-slices: bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', COMPLETION_HELP)
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell));
    });
  program
    .command(COMPLETE_COMMAND, { hidden: true })
    .description('print the completions of a partial command line, in Cobra\'s protocol (for shell scripts and kubectl)')
    .argument('[words...]', 'the words after `kubectl-slices`, the last being the one to complete ("" for a new one)')
    .helpOption(false)
    .allowUnknownOption()
    .action(async (_words: string[], _options: unknown, command: Command) => {
      io.stdout.write(formatCompletion(await complete(program, wordsOf(program, command), io)));
    });
}

/**
 * The words exactly as given. commander has already parsed them as options and operands and
 * drops a `--`, which changes what the later words are; the root keeps its argv in `rawArgs`
 * (untyped: set by commander's `_prepareUserArgs`).
 */
function wordsOf(program: Command, command: Command): string[] {
  const raw = (program as unknown as { rawArgs?: unknown }).rawArgs;
  if (!Array.isArray(raw)) return command.args;
  const at = raw.indexOf(COMPLETE_COMMAND);
  return raw.slice(at + 1).map(String);
}

async function complete(program: Command, words: string[], io: CliIO): Promise<Completion> {
  const plan = planCompletion(program, words);
  if ('completion' in plan) return plan.completion;
  return lookUp(plan.lookup, io);
}

/** A cluster or kubeconfig that cannot answer yields no candidates, as kubectl's own completion does; the reason goes to stderr, which every completion script discards. */
async function lookUp(lookup: Lookup, io: CliIO): Promise<Completion> {
  try {
    const { lookupCandidates } = await import('./lookups.ts');
    return matching(await lookupCandidates(lookup, io), lookup.toComplete);
  } catch (err) {
    io.stderr.write(`error: cannot complete ${lookup.kind}: ${describeFailure(err).message}\n`);
    return nothing();
  }
}

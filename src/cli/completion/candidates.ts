/**
 * What to offer for a partial command line, read off the commander tree itself (subcommands and
 * their descriptions, options, `.choices()`, argument names), so completion cannot drift from the
 * real CLI. Cobra's `getCompletions` is the model: flag names only once a `-` is typed, subcommand
 * names while none is given, nothing after `--help`, and no file completion unless a file is
 * wanted. Names that live in the cluster or the kubeconfig come back as a lookup to perform.
 */
import { Help, type Argument, type Command, type Option } from 'commander';
import { readCommandLine, optionsOf, takesValue, type CommandLine } from './commandline.ts';
import { Directive, matching, nothing, type Candidate, type Completion } from './protocol.ts';
import { COMPLETIONS } from '../options.ts';

export type LookupKind = 'services' | 'namespaces' | 'contexts';

/** The kubectl flags a lookup honours, as given on the line being completed. */
export interface LookupFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
}

export interface Lookup {
  kind: LookupKind;
  flags: LookupFlags;
  toComplete: string;
}

export type Plan = { completion: Completion } | { lookup: Lookup };

const help = new Help();

export function planCompletion(program: Command, words: readonly string[]): Plan {
  const line = readCommandLine(program, words);
  // Cobra: a command or flag it cannot find ends completion with the default directive.
  if (line.unknown !== undefined) return { completion: nothing(Directive.default) };
  if (line.given.has('help')) return { completion: nothing() };
  if (line.valueFor) return valuePlan(line.valueFor, line);
  if (line.toComplete.startsWith('-') && !line.operandsOnly) return { completion: flagNames(line) };
  if (line.command.commands.length > 0 && line.operands.length === 0) return { completion: subcommandNames(line.command, line.toComplete) };
  const args = line.command.registeredArguments;
  const last = args.at(-1);
  const arg = args[line.operands.length] ?? (last?.variadic ? last : undefined);
  return arg ? argumentPlan(arg, line) : { completion: nothing() };
}

/** `-o <TAB>`: its choices; `-n`, `--context`: names to look up; a file: the shell's file completion. */
function valuePlan(option: Option, line: CommandLine): Plan {
  const values = option.argChoices ?? COMPLETIONS.get(option);
  if (values) return { completion: matching(values.map((value) => ({ value })), line.toComplete) };
  const name = option.attributeName();
  if (name === 'namespace') return lookup('namespaces', line);
  if (name === 'context') return lookup('contexts', line);
  const placeholder = option.flags.split(/[\s,|]+/).filter((part) => !part.startsWith('-')).join(' ');
  return { completion: nothing(wantsFile(placeholder) ? Directive.default : Directive.noFileComp) };
}

function argumentPlan(arg: Argument, line: CommandLine): Plan {
  if (arg.argChoices) return { completion: matching(arg.argChoices.map((value) => ({ value })), line.toComplete) };
  if (arg.name() === 'service' || arg.name() === 'targets') return lookup('services', line);
  // commander's implicit `help [command]`.
  if (arg.name() === 'command' && line.parent) return { completion: subcommandNames(line.parent, line.toComplete) };
  return { completion: nothing(wantsFile(arg.name()) ? Directive.default : Directive.noFileComp) };
}

function lookup(kind: LookupKind, line: CommandLine): Plan {
  const last = (key: string) => {
    const value = line.given.get(key)?.at(-1);
    return typeof value === 'string' ? value : undefined;
  };
  return { lookup: { kind, toComplete: line.toComplete, flags: { namespace: last('namespace'), kubeconfig: last('kubeconfig'), context: last('context') } } };
}

/** `<file>`, `<[node=]file>`, an argument named `file`: a file, so the shell's own file completion is right. */
function wantsFile(placeholder: string): boolean {
  return /\bfiles?\b/i.test(placeholder);
}

export function subcommandNames(command: Command, toComplete: string): Completion {
  // commander's help lists the visible ones (hidden `__complete` left out, implicit `help` put in).
  const names = help.visibleCommands(command).map((c): Candidate => ({ value: c.name(), description: c.description() }));
  return matching(names, toComplete);
}

/** Cobra's flag-name completion: `--long` and `-s` with the usage, hidden ones left out, one-shot ones only once. */
function flagNames(line: CommandLine): Completion {
  const candidates: Candidate[] = [];
  for (const option of optionsOf(line.command)) {
    if (option.hidden || (line.given.has(option.attributeName()) && !repeatable(option))) continue;
    for (const flag of [option.long, option.short]) if (flag) candidates.push({ value: flag, description: option.description });
  }
  return matching(candidates, line.toComplete);
}

/** `-f a -f b`: an option whose default is a list collects every occurrence. */
function repeatable(option: Option): boolean {
  return option.variadic || (takesValue(option) && Array.isArray(option.defaultValue));
}

/**
 * Reads a partial command line against the commander tree, the way commander will parse it once
 * complete: which (sub)command it names, the options already given, the operands so far, and
 * whether the word being completed is an option's value. Like Cobra's `getCompletions`, the last
 * word is the one being completed (`""` when the cursor is after a space) and is not parsed.
 */
import { Help, type Command, type Option } from 'commander';

export interface CommandLine {
  /** The deepest command the words name. */
  command: Command;
  /** The command it was found under (commander's implicit `help` command has no `parent`). */
  parent?: Command;
  /** Option values already given, by attribute name (`true` for a flag without value). */
  given: Map<string, (string | true)[]>;
  operands: string[];
  /** A `--` was seen: every later word is an operand. */
  operandsOnly: boolean;
  /** The word being completed, without the `--flag=` of an inline value. */
  toComplete: string;
  /** The option whose value is being completed (`-n <TAB>`, `--namespace=<TAB>`). */
  valueFor?: Option;
  /** A word that names no subcommand or option here: there is nothing sensible to offer. */
  unknown?: string;
}

const help = new Help();

export function readCommandLine(program: Command, words: readonly string[]): CommandLine {
  const line: CommandLine = { command: program, given: new Map(), operands: [], operandsOnly: false, toComplete: words.at(-1) ?? '' };
  const before = words.slice(0, -1);
  for (let i = 0; i < before.length && line.unknown === undefined; i++) {
    const word = before[i] ?? '';
    if (line.operandsOnly || !isOption(word)) operand(line, word);
    else if (word === '--') line.operandsOnly = true;
    else if (readOption(line, word, before[i + 1]) === 'took-next') i++;
  }
  if (line.unknown === undefined && !line.operandsOnly) inlineValue(line);
  return line;
}

/** The commands a word may name here: the visible ones (with commander's implicit `help`) and the hidden. */
export function subcommandsOf(command: Command): Command[] {
  return [...new Set([...help.visibleCommands(command), ...command.commands])];
}

/** Every option a command accepts: its own (hidden too), its help option, and its ancestors' (commander reads those anywhere). */
export function optionsOf(command: Command): Option[] {
  const all = [...command.options, ...help.visibleOptions(command)];
  for (let c = command.parent; c; c = c.parent) all.push(...c.options);
  return [...new Set(all)];
}

export const takesValue = (option: Option): boolean => option.required || option.optional;

function isOption(word: string): boolean {
  return word.length > 1 && word.startsWith('-');
}

/** A subcommand name while the command has subcommands and no operand yet, else an operand. */
function operand(line: CommandLine, word: string): void {
  if (line.operandsOnly || line.operands.length > 0 || line.command.commands.length === 0) {
    line.operands.push(word);
    return;
  }
  const sub = subcommandsOf(line.command).find((c) => c.name() === word || c.aliases().includes(word));
  if (!sub) line.unknown = word;
  else [line.parent, line.command] = [line.command, sub];
}

/**
 * One option word: `--name value`, `--name=value`, `-n value`, `-nvalue`, or grouped short flags
 * (`-Ao json`), as commander's `parseOptions` reads them. A value-taking option with nothing after
 * it is the one whose value is being completed.
 */
function readOption(line: CommandLine, word: string, next: string | undefined): 'took-next' | 'done' {
  const options = optionsOf(line.command);
  const eq = word.startsWith('--') ? word.indexOf('=') : -1;
  const name = eq > 0 ? word.slice(0, eq) : word.startsWith('--') ? word : word.slice(0, 2);
  const option = options.find((o) => o.long === name || o.short === name);
  if (!option) {
    line.unknown = word;
    return 'done';
  }
  const rest = eq > 0 ? word.slice(eq + 1) : word.startsWith('--') ? undefined : word.slice(2) || undefined;
  if (!takesValue(option)) {
    record(line, option, true);
    return rest === undefined || eq > 0 ? 'done' : readOption(line, `-${rest}`, next);
  }
  if (rest !== undefined) {
    record(line, option, rest.replace(/^=/, ''));
    return 'done';
  }
  if (next === undefined) line.valueFor = option;
  else record(line, option, next);
  return 'took-next';
}

/** `--output=js<TAB>` or `-n=pr<TAB>`: complete the value after the `=` (Cobra's `checkIfFlagCompletion`). */
function inlineValue(line: CommandLine): void {
  if (line.valueFor || !isOption(line.toComplete) || !line.toComplete.includes('=')) return;
  const eq = line.toComplete.indexOf('=');
  const name = line.toComplete.startsWith('--') ? line.toComplete.slice(0, eq) : `-${line.toComplete.slice(eq - 1, eq)}`;
  const option = optionsOf(line.command).find((o) => o.long === name || o.short === name);
  if (option && takesValue(option)) {
    line.valueFor = option;
    line.toComplete = line.toComplete.slice(eq + 1);
  } else line.unknown = line.toComplete;
}

function record(line: CommandLine, option: Option, value: string | true): void {
  const key = option.attributeName();
  line.given.set(key, [...(line.given.get(key) ?? []), value]);
}

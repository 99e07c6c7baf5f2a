/**
 * The print flags of a command (`-o`, `--no-headers`, `--sort-by`) turned into one typed
 * config, reading the FILE of `-o jsonpath-file=FILE` and `-o custom-columns-file=FILE`.
 */
import { UsageError } from '../failures.ts';
import type { OutputForm } from '../render/output/form.ts';
import type { Printable } from '../render/output/print.ts';
import { readText } from '../sources/read.ts';
import type { CliIO } from './io.ts';
import { OUTPUT_FORMATS, type OutputCommand } from './options.ts';

export interface PrintFlags {
  output: string;
  /** commander's `--no-headers`: false when given. */
  headers?: boolean;
  sortBy?: string;
}

export interface PrintConfig {
  form: OutputForm;
  noHeaders: boolean;
  sortBy: string | undefined;
}

/** The printer modules (the JSONPath evaluator among them) load only when a command prints. */
export async function printConfig(flags: PrintFlags, command: OutputCommand, io: CliIO): Promise<PrintConfig> {
  const { isFileForm, parseOutputForm, splitOutput } = await import('../render/output/form.ts');
  const { form, argument } = splitOutput(flags.output);
  const fileText = isFileForm(form) && argument ? await readText(argument, io.stdin) : undefined;
  const config = { form: parseOutputForm(flags.output, OUTPUT_FORMATS[command], fileText), noHeaders: flags.headers === false, sortBy: flags.sortBy };
  if (config.sortBy === '') throw new UsageError('--sort-by needs a JSONPath such as .name');
  return config;
}

export async function writeOutput(printable: Printable, config: PrintConfig, io: CliIO): Promise<void> {
  const { printOutput } = await import('../render/output/print.ts');
  io.stdout.write(await printOutput(printable, config.form, config.noHeaders, io.stdout.isTTY === true));
}

/** --sort-by over `rows` (render/output/sort.ts), loaded only when asked for. */
export async function sortedBy<T>(rows: T[], path: string | undefined, docOf?: (row: T) => unknown): Promise<T[]> {
  if (path === undefined) return rows;
  const { sortRows } = await import('../render/output/sort.ts');
  return sortRows(rows, path, docOf);
}

/**
 * The print flags of a command (`-o`, `--no-headers`, `--sort-by`) turned into one typed
 * config, reading the FILE of `-o jsonpath-file=FILE` and `-o custom-columns-file=FILE`.
 */
import { UsageError } from '../failures.ts';
import { isFileForm, parseOutputForm, splitOutput, type OutputForm } from '../render/output/form.ts';
import { printOutput, type Printable } from '../render/output/print.ts';
import { readText } from '../sources/files.ts';
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

export async function printConfig(flags: PrintFlags, command: OutputCommand, io: CliIO): Promise<PrintConfig> {
  const { form, argument } = splitOutput(flags.output);
  const fileText = isFileForm(form) && argument ? await readText(argument, io.stdin) : undefined;
  const config = { form: parseOutputForm(flags.output, OUTPUT_FORMATS[command], fileText), noHeaders: flags.headers === false, sortBy: flags.sortBy };
  if (config.sortBy === '') throw new UsageError('--sort-by needs a JSONPath such as .name');
  return config;
}

export async function writeOutput(printable: Printable, config: PrintConfig, io: CliIO): Promise<void> {
  io.stdout.write(await printOutput(printable, config.form, config.noHeaders, io.stdout.isTTY === true));
}

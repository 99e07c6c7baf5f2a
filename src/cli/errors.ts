/** Turns anything thrown out of a command into one `error: ...` line and an exit code. */
import { exitCodeOf, InputError, UsageError } from '../failures.ts';
import { printable } from '../render/printable.ts';

/**
 * The exit code and one-line message for anything thrown out of a command. Messages quote the
 * cluster's and the files' words, so they are made printable like any other human output.
 */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof InputError || err instanceof UsageError) return { code: exitCodeOf(err), message: oneLine(err.message) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: exitCodeOf(err), message: oneLine(`unexpected failure: ${message}`) };
}

function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}

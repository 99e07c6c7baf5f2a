/** Errors the command line turns into one `error: ...` line on stderr and an exit code. */

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
/** With --exit-code: a selected pod does not receive traffic. */
export const EXIT_NOT_ALL_RECEIVE = 3;

/** Bad input (a file, a dump, an object, the cluster): exit 1. The message names what to fix. */
export class InputError extends Error {
  readonly exitCode: number = EXIT_ERROR;
}

/** Bad command line: exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = EXIT_USAGE;
}

/** The exit code and one-line message for anything thrown out of a command. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof InputError || err instanceof UsageError) {
    return { code: err.exitCode, message: oneLine(err.message) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: EXIT_ERROR, message: oneLine(`unexpected failure: ${message}`) };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

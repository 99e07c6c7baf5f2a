/**
 * The failure vocabulary of the whole program, at the bottom of the import graph: every error type
 * a layer may throw and every exit code the command line may return. Sources, the watch core and
 * the command line all import it; it imports nothing.
 */

export const EXIT_OK = 0;
/** An error: one `error: ...` line on stderr. */
export const EXIT_ERROR = 1;
/** A bad command line (unknown flag or command, bad value). */
export const EXIT_USAGE = 2;
/** `explain --exit-code`: a selected pod is known not to receive traffic. */
export const EXIT_NOT_ALL_RECEIVE = 3;
/**
 * `explain --exit-code`: nothing is known to be wrong, but whether some selected pods receive
 * traffic is unknown (the input lacks what would tell, e.g. EndpointSlices not captured).
 */
export const EXIT_SOME_UNKNOWN = 4;
/** `watch --for`: the time ran out before the `--until` condition was met. */
export const EXIT_UNTIL_NOT_MET = 3;
/** Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** Bad input (a file, a dump, an object, the cluster): exit 1. The message names what to fix. */
export class InputError extends Error {
  readonly exitCode: number = EXIT_ERROR;
}

/** Bad command line: exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = EXIT_USAGE;
}

/** The exit code a thrown value asks for: its own for ours, EXIT_ERROR for anything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof InputError || err instanceof UsageError ? err.exitCode : EXIT_ERROR;
}

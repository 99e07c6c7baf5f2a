/**
 * Duration flags (`--request-timeout`, `--for`, `--stall-timeout`), all read with kubectl's one
 * grammar (src/kubernetes/duration.ts): a bad value is a usage error naming the flag.
 */
import { UsageError } from '../failures.ts';
import { parseDuration } from '../kubernetes/duration.ts';

const FORMS = 'give a whole number of seconds, or a number with a unit (e.g. 500ms, 5s, 2m, 1h)';

/** Milliseconds above 0; with `zeroMeans`, 0 is accepted too (and the message says what it means). */
export function durationFlag(flag: string, value: string, zeroMeans?: string): number {
  const ms = parseDuration(value);
  const floor = zeroMeans === undefined ? ms !== null && ms > 0 : ms !== null && ms >= 0;
  if (ms === null || !floor) throw new UsageError(`invalid ${flag} "${value}": ${FORMS}${zeroMeans === undefined ? ', above 0' : `; 0 means ${zeroMeans}`}`);
  return ms;
}

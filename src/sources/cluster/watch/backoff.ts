/**
 * Reconnect delays: doubling from `baseMs` up to `capMs`, with jitter so a fleet of clients
 * reconnecting to a restarted API server does not arrive in lockstep (client-go's wait.Backoff).
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** attempt 0 is the first retry. `random` in [0, 1) spreads the delay over 80-100% of the step. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: number = Math.random()): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step * (0.8 + 0.2 * random));
}

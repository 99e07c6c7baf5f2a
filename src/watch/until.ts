/**
 * `--until`: the state a scripted drill waits for. Judged on the explanation once every watched
 * kind has been listed, so a half-loaded picture never ends a watch early.
 */
import { knownNotReceiving } from '../explain/summary.ts';
import type { WatchState } from './state.ts';
import { fullySynced } from './state.ts';

export const UNTIL_CONDITIONS = ['all-ready', 'any-not-ready'] as const;
export type UntilCondition = (typeof UNTIL_CONDITIONS)[number];

/**
 * all-ready: at least one pod is selected and every selected pod is known to receive traffic
 * (Ready, and routable in its EndpointSlice). any-not-ready: some selected pod is known not to.
 * A pod whose traffic is unknown (EndpointSlices forbidden, say) satisfies neither: unknown is
 * never an answer a drill waits for.
 */
export function untilMet(condition: UntilCondition, state: WatchState): boolean {
  if (!fullySynced(state) || !state.explanation) return false;
  const selected = state.explanation.pods.filter((p) => p.selected);
  const allReceive = selected.length > 0 && selected.every((p) => p.receivesTraffic);
  return condition === 'all-ready' ? allReceive : selected.some(knownNotReceiving);
}

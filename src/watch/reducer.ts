/**
 * The watch reducer: (state, action) -> state, pure. Objects accumulate by kind and name; after
 * each action (or batch of actions) the explanation is rebuilt from all of them with
 * `selectService` + `explain`, and the transitions are derived by comparing each changed object
 * with its previous version. Every time comes from the actions.
 */
import { applyAction } from './apply.ts';
import { finishStep } from './finish.ts';
import type { WatchState } from './state.ts';
import type { WatchAction } from './types.ts';

export function watchReducer(state: WatchState, action: WatchAction): WatchState {
  const step = applyAction({ state: { ...state, latest: [] }, drafts: [], dirty: false }, action);
  return finishStep(step);
}

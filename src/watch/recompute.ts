/**
 * The explanation of the accumulated objects, built exactly as `explain` builds it from files:
 * `selectService` picks the Service's objects, `explain` applies the rules. Kinds not listed yet,
 * or not watched at all, are passed as unknown so no link is reported as missing when it is only
 * not known.
 */
import { explain } from '../explain/explain.ts';
import type { Explanation } from '../explain/types.ts';
import { SNAPSHOT_KINDS, type Service } from '../kubernetes/objects.ts';
import type { UnknownResource } from '../model/snapshot.ts';
import { selectService } from '../model/select.ts';
import { dataplaneInput } from './dataplane.ts';
import type { WatchState } from './state.ts';
import { allObjects, kindMap } from './store.ts';
import { WATCH_KINDS, type WatchKind } from './types.ts';

const isWatchKind = (kind: string): kind is WatchKind => (WATCH_KINDS as readonly string[]).includes(kind);

export function recompute(state: WatchState): { explanation: Explanation | null; problem: string | null } {
  const { name, namespace } = state.target;
  const service = kindMap(state.objects, 'Service').get(`${namespace}/${name}`) as Service | undefined;
  if (!service) {
    const problem = state.synced.has('Service') ? `service "${name}" not found in namespace "${namespace}"` : 'waiting for the Service';
    return { explanation: null, problem };
  }
  const snapshot = selectService(allObjects(state.objects), { name, namespace }, { unknown: unknownKinds(state) });
  // "Now" for the explain core is the watch's own time (the latest action's), not a clock.
  const capturedAt = state.now > 0 ? { capturedAt: new Date(state.now).toISOString() } : {};
  const { dumps, unread } = dataplaneInput(state.dataplane);
  return { explanation: explain({ ...snapshot, ...capturedAt }, dumps, unread), problem: null };
}

function unknownKinds(state: WatchState): UnknownResource[] {
  const unknown: UnknownResource[] = [];
  for (const kind of SNAPSHOT_KINDS) {
    if (!isWatchKind(kind)) {
      unknown.push({ kind, why: 'not watched' });
      continue;
    }
    const unavailable = state.unavailable.get(kind);
    if (unavailable !== undefined) unknown.push({ kind, why: unavailable });
    else if (!state.watched.includes(kind)) unknown.push({ kind, why: 'not watched' });
    else if (!state.synced.has(kind)) unknown.push({ kind, why: 'not listed yet' });
  }
  return unknown;
}

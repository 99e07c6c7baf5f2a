/**
 * Which Event objects to keep. The namespace's pod events are watched, but only those about a
 * pod of this Service feed the explanation (probe failures); keeping the rest would grow memory
 * with every unrelated pod. Before the pods are listed every pod event is kept, then pruned.
 */
import type { EventObject, KubeObject } from '../kubernetes/objects.ts';
import type { KindMap, ObjectStore } from './store.ts';
import { kindMap, withKind } from './store.ts';

/** Room for a handful of events per pod (kubelet aggregates repeats into one object with a count). */
const EVENTS_PER_POD = 8;
const EVENTS_FLOOR = 256;

export function podOfEvent(obj: KubeObject): string | null {
  const involved = (obj as EventObject).involvedObject;
  return involved?.name && (involved.kind ?? 'Pod') === 'Pod' ? involved.name : null;
}

export function keepsEvent(store: ObjectStore, podsSynced: boolean, obj: KubeObject): boolean {
  const pod = podOfEvent(obj);
  if (pod === null) return false;
  return !podsSynced || kindMap(store, 'Pod').has(`${obj.metadata?.namespace ?? ''}/${pod}`);
}

/** Drops events of pods that are gone, then the oldest beyond the cap. */
export function pruneEvents(store: ObjectStore): ObjectStore {
  const events = kindMap(store, 'Event');
  const pods = kindMap(store, 'Pod');
  const limit = Math.max(EVENTS_FLOOR, EVENTS_PER_POD * pods.size);
  const kept = [...events].filter(([, e]) => pods.has(`${e.metadata?.namespace ?? ''}/${podOfEvent(e) ?? ''}`));
  if (kept.length === events.size && kept.length <= limit) return store;
  // Map order is insertion order: the oldest entries come first.
  const next: KindMap = new Map(kept.slice(Math.max(0, kept.length - limit)));
  return withKind(store, 'Event', next);
}

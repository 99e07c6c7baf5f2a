/**
 * The accumulated objects, by kind then `namespace/name`. Updates copy only the map of the kind
 * that changed (the reducer stays pure without copying every kind on every event), and a kind
 * holds only live objects: a DELETED event removes its entry, a relist replaces the whole kind.
 */
import type { KubeObject } from '../kubernetes/objects.ts';
import type { WatchKind } from './types.ts';

export type KindMap = ReadonlyMap<string, KubeObject>;
export type ObjectStore = ReadonlyMap<WatchKind, KindMap>;

const EMPTY: KindMap = new Map();

export function objectKey(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export function kindMap(store: ObjectStore, kind: WatchKind): KindMap {
  return store.get(kind) ?? EMPTY;
}

export function putObject(store: ObjectStore, kind: WatchKind, obj: KubeObject): ObjectStore {
  const next = new Map(kindMap(store, kind));
  next.set(objectKey(obj), obj);
  return withKind(store, kind, next);
}

export function removeObject(store: ObjectStore, kind: WatchKind, key: string): ObjectStore {
  if (!kindMap(store, kind).has(key)) return store;
  const next = new Map(kindMap(store, kind));
  next.delete(key);
  return withKind(store, kind, next);
}

export function replaceKind(store: ObjectStore, kind: WatchKind, objects: readonly KubeObject[]): ObjectStore {
  return withKind(store, kind, new Map(objects.map((o) => [objectKey(o), o] as const)));
}

export function withKind(store: ObjectStore, kind: WatchKind, objects: KindMap): ObjectStore {
  const next = new Map(store);
  next.set(kind, objects);
  return next;
}

/** Every object, in one array: what `selectService` takes. */
export function allObjects(store: ObjectStore): KubeObject[] {
  const all: KubeObject[] = [];
  for (const objects of store.values()) for (const obj of objects.values()) all.push(obj);
  return all;
}

/**
 * The server's state: every object by resource and key, one global resourceVersion counter
 * (etcd's revision), and a bounded history of changes so watches can resume from an older
 * resourceVersion and continue tokens can list a consistent past state.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { apiVersionOf, resourceByKind, RESOURCES, type ResourceType } from './resources.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  type: ChangeType;
  resource: ResourceType;
  key: string;
  /** The new state; for DELETED, the last state with the deletion's resourceVersion. */
  object: KubeObject;
  /** The state before (MODIFIED, DELETED). */
  previous?: KubeObject;
}

export interface Entry { key: string; object: KubeObject }

export class ObjectStore {
  private readonly byResource = new Map<string, Map<string, KubeObject>>();
  private readonly history: Change[] = [];
  private readonly listeners = new Set<(change: Change) => void>();
  private rv = 0;
  /** Watches and continue tokens from a resourceVersion below this are expired (410). */
  private oldest = 0;

  constructor(private readonly historyLimit = 10_000) {
    for (const r of RESOURCES) this.byResource.set(r.name, new Map());
  }

  get resourceVersion(): number { return this.rv; }
  get oldestResourceVersion(): number { return this.oldest; }

  /** Creates or replaces an object (ADDED or MODIFIED); a no-op replace emits nothing, as in a real update. */
  upsert(input: KubeObject): KubeObject {
    const type = typeOf(input.kind);
    const obj = normalize(type, structuredClone(input));
    if (type.namespaced) this.ensureNamespace(obj.metadata?.namespace ?? 'default');
    const key = keyOf(type, obj.metadata?.namespace, obj.metadata?.name ?? '');
    const previous = this.objects(type).get(key);
    if (previous) {
      obj.metadata = { ...obj.metadata, uid: previous.metadata?.uid, creationTimestamp: previous.metadata?.creationTimestamp };
      if (sameContent(previous, obj)) return structuredClone(previous);
    }
    return this.commit(type, key, previous ? 'MODIFIED' : 'ADDED', obj, previous);
  }

  remove(kind: string, namespace: string | undefined, name: string): KubeObject {
    const type = typeOf(kind);
    const key = keyOf(type, namespace, name);
    const previous = this.objects(type).get(key);
    if (!previous) throw new Error(`remove: ${kind} ${key} does not exist`);
    return this.commit(type, key, 'DELETED', structuredClone(previous), previous);
  }

  /** Applies `fn` to a copy of the object (mutate it, or return a replacement) and stores the result. */
  mutate(kind: string, namespace: string | undefined, name: string, fn: (obj: KubeObject) => KubeObject | void): KubeObject {
    const type = typeOf(kind);
    const current = this.objects(type).get(keyOf(type, namespace, name));
    if (!current) throw new Error(`mutate: ${kind} ${keyOf(type, namespace, name)} does not exist`);
    const copy = structuredClone(current);
    const next = fn(copy) ?? copy;
    if (next.metadata?.name !== name || (type.namespaced && next.metadata?.namespace !== namespace)) {
      throw new Error(`mutate: ${kind} ${name} may not be renamed`);
    }
    return this.upsert(next);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.objects(type).get(keyOf(type, namespace, name));
    return obj && structuredClone(obj);
  }

  /** Objects of a type (in one namespace, or all) as they were at `rv`; undefined when `rv` is compacted. */
  listAt(type: ResourceType, namespace: string | undefined, rv = this.rv): Entry[] | undefined {
    if (rv < this.oldest) return undefined;
    const state = new Map(this.objects(type));
    for (let i = this.history.length - 1; i >= 0 && (this.history[i]?.rv ?? 0) > rv; i--) {
      const change = this.history[i];
      if (!change || change.resource !== type) continue;
      if (change.type === 'ADDED') state.delete(change.key);
      else if (change.previous) state.set(change.key, change.previous);
    }
    return [...state.entries()]
      .filter(([, obj]) => namespace === undefined || obj.metadata?.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      // Not copied: every reader serialises at once, and the one that edits (endpointsync) copies.
      .map(([key, obj]) => ({ key, object: obj }));
  }

  /** Changes after `rv`, oldest first; undefined when some of them were forgotten. */
  changesSince(rv: number): Change[] | undefined {
    if (rv < this.oldest) return undefined;
    return this.history.filter((c) => c.rv > rv);
  }

  /** Forgets all history: watches and continue tokens from any older resourceVersion get 410 Expired. */
  compact(): void {
    this.history.length = 0;
    this.oldest = this.rv;
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private objects(type: ResourceType): Map<string, KubeObject> {
    const map = this.byResource.get(type.name);
    if (!map) throw new Error(`no storage for ${type.name}`);
    return map;
  }

  private commit(type: ResourceType, key: string, changeType: ChangeType, obj: KubeObject, previous?: KubeObject): KubeObject {
    const rv = ++this.rv;
    obj.metadata = { ...obj.metadata, resourceVersion: String(rv) };
    if (changeType === 'DELETED') this.objects(type).delete(key);
    else this.objects(type).set(key, obj);
    const change: Change = { rv, type: changeType, resource: type, key, object: obj };
    if (previous) change.previous = previous;
    this.history.push(change);
    while (this.history.length > this.historyLimit) this.oldest = this.history.shift()?.rv ?? this.oldest;
    for (const listener of this.listeners) listener(change);
    return structuredClone(obj);
  }

  private ensureNamespace(name: string): void {
    const type = typeOf('Namespace');
    if (this.objects(type).has(name)) return;
    this.upsert({
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    });
  }
}

export function typeOf(kind: string | undefined): ResourceType {
  const type = kind === undefined ? undefined : resourceByKind(kind);
  if (!type) throw new Error(`the test API server does not serve kind ${kind ?? '(none)'} (serves ${RESOURCES.map((r) => r.kind).join(', ')})`);
  return type;
}

/** etcd-style key: "namespace/name", or "name" for cluster-scoped resources. */
export function keyOf(type: ResourceType, namespace: string | undefined, name: string): string {
  return type.namespaced ? `${namespace ?? 'default'}/${name}` : name;
}

function normalize(type: ResourceType, obj: KubeObject): KubeObject {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new Error(`upsert: ${type.kind} has no metadata.name`);
  const metadata = { ...obj.metadata, name };
  if (type.namespaced) metadata.namespace ??= 'default';
  else delete metadata.namespace;
  metadata.uid ??= randomUUID();
  metadata.creationTimestamp ??= rfc3339(new Date());
  return { ...obj, apiVersion: apiVersionOf(type), kind: type.kind, metadata };
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): string => canonical({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(a) === strip(b);
}

/** JSON with object keys sorted, so key order does not count as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** Kubernetes timestamps: RFC 3339, second precision, UTC ("2025-06-01T10:00:00Z"). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One copy of each object when the same object comes in twice: the same `-f` given twice, or a
 * file and a `snapshot` bundle that overlap. An object is the same by metadata.uid (what the API
 * server guarantees unique over the cluster's lifetime), else, for objects written by hand
 * without one, by kind, namespace and name. Of two copies, the one with the higher
 * resourceVersion when both are numbers (etcd's revisions, in practice), else the first read.
 */
import type { KubeObject } from '../kubernetes/objects.ts';

function identity(o: KubeObject): string {
  const uid = o.metadata?.uid;
  if (typeof uid === 'string' && uid !== '') return `uid:${uid}`;
  return `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;
}

function newer(candidate: KubeObject, kept: KubeObject): boolean {
  const [a, b] = [candidate.metadata?.resourceVersion, kept.metadata?.resourceVersion];
  if (typeof a !== 'string' || typeof b !== 'string' || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) > BigInt(b);
}

export function uniqueObjects(objects: readonly KubeObject[]): KubeObject[] {
  const index = new Map<string, number>();
  const kept: KubeObject[] = [];
  for (const o of objects) {
    const key = identity(o);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, kept.length);
      kept.push(o);
    } else if (newer(o, kept[at] as KubeObject)) kept[at] = o;
  }
  return kept;
}

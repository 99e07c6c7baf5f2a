/**
 * The objects a fetch collects, and the resources it could not read. RBAC often grants a
 * namespace's pods but not cluster-scoped nodes, or hides events: a 403 there must not stop the
 * explanation, only mark that resource unknown, with the server's own words, so the output says
 * what could not be checked. A list the server does not serve at all (404 on the collection, e.g.
 * discovery.k8s.io/v1 before Kubernetes 1.21) is unknown too.
 */
import type { KubeObject, ResourceKind } from '../../kubernetes/objects.ts';
import type { UnknownResource } from '../../model/snapshot.ts';
import { ApiError } from './failures.ts';

export class Gathering {
  readonly objects: KubeObject[] = [];
  readonly unknown: UnknownResource[] = [];

  /** Runs a read of `kind`; when it is forbidden (or not served), records why and yields `fallback`. */
  async tolerate<T>(kind: ResourceKind, read: () => Promise<T>, fallback: T, notServedIs404 = false): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 403) this.markUnknown(kind, `forbidden: ${err.serverMessage || 'no reason given'}`);
      else if (err.status === 404 && notServedIs404) this.markUnknown(kind, `not served by this API server: ${err.serverMessage}`);
      else throw err;
      return fallback;
    }
  }

  isUnknown(kind: ResourceKind): boolean {
    return this.unknown.some((u) => u.kind === kind);
  }

  add(objects: readonly KubeObject[]): void {
    for (const o of objects) this.objects.push(o);
  }

  private markUnknown(kind: ResourceKind, why: string): void {
    if (!this.isUnknown(kind)) this.unknown.push({ kind, why });
  }
}

/** A GET that answers 404 means the object does not exist: null, not an error. */
export async function getOrNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * The objects a fetch collects, and the resources it could not read. RBAC often grants a
 * namespace's pods but not cluster-scoped nodes, or hides events: a 403 there must not stop the
 * explanation, only mark that resource unknown, with the server's own words, so the output says
 * what could not be checked. A list the server does not serve at all (404 on the collection, e.g.
 * discovery.k8s.io/v1 before Kubernetes 1.21) is unknown too.
 */
import type { KubeObject, ResourceKind } from '../../kubernetes/objects.ts';
import type { UnknownResource } from '../../model/snapshot.ts';
import { InputError } from '../../failures.ts';
import { describe } from '../../kubernetes/shape.ts';
import { shapeProblem } from '../../kubernetes/shapes.ts';
import { ApiError, isTransient } from './failures.ts';

/**
 * Lookups the explanation can do without: what they would add (a node's condition, an event's
 * words, the legacy Endpoints, a namespace's readiness-gate injection, the Ingresses in front) is
 * said to be unknown when they fail, as when they are forbidden. Pods and EndpointSlices are the
 * answer itself: their failure stays an error.
 */
const OPTIONAL: ReadonlySet<ResourceKind> = new Set<ResourceKind>(['Event', 'Node', 'Endpoints', 'Namespace', 'Ingress', 'IngressClass']);

export class Gathering {
  readonly objects: KubeObject[] = [];
  readonly unknown: UnknownResource[] = [];

  /**
   * Runs a read of `kind`, once more after a transient failure (a 5xx, a 429 without Retry-After,
   * a timeout, a cut connection: client-go's request retry treats the same as retriable). When it
   * is forbidden, not served, or (for an optional kind) still failing, records why and yields
   * `fallback`.
   */
  async tolerate<T>(kind: ResourceKind, read: () => Promise<T>, fallback: T, notServedIs404 = false): Promise<T> {
    try {
      return await retryOnce(read);
    } catch (err) {
      if (!(err instanceof ApiError) && !isTransient(err)) throw err;
      if (err instanceof ApiError && err.status === 403) this.markUnknown(kind, `forbidden: ${err.serverMessage || 'no reason given'}`);
      else if (err instanceof ApiError && err.status === 404 && notServedIs404) this.markUnknown(kind, `not served by this API server: ${err.serverMessage}`);
      else if (OPTIONAL.has(kind) && isTransient(err)) this.markUnknown(kind, `could not be read (failed twice): ${failure(err)}`);
      else throw err;
      return fallback;
    }
  }

  isUnknown(kind: ResourceKind): boolean {
    return this.unknown.some((u) => u.kind === kind);
  }

  /** Keeps what the server served, once its shape is checked (a proxy or a broken server can serve anything). */
  add(objects: readonly KubeObject[]): void {
    for (const o of objects) {
      checkServed(o);
      this.objects.push(o);
    }
  }

  private markUnknown(kind: ResourceKind, why: string): void {
    if (!this.isUnknown(kind)) this.unknown.push({ kind, why });
  }
}

/**
 * The same shape check the files get (kubernetes/shapes.ts), so the explain core never meets a
 * wrong shape from the wire either: one line naming the object and the field.
 */
function checkServed(o: KubeObject): void {
  const problem = servedProblem(o);
  if (problem !== null) throw new InputError(problem);
}

/** What is wrong with an object the server sent (its kind set), in one line; null when its shape is right. Watches check each event with it too. */
export function servedProblem(o: KubeObject): string | null {
  const kind = typeof o.kind === 'string' ? o.kind : 'object';
  const meta: unknown = o.metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta) || typeof (meta as { name?: unknown }).name !== 'string') {
    return `the API server served a ${kind} without metadata.name (${describe(meta)}): is it a Kubernetes API server?`;
  }
  const problem = shapeProblem(o as unknown as Record<string, unknown>, kind);
  if (problem === null) return null;
  const { name, namespace } = meta as { name: string; namespace?: unknown };
  return `the API server served ${kind} ${typeof namespace === 'string' ? `${namespace}/` : ''}${name} with ${problem.path} ${problem.problem}`;
}

async function retryOnce<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!isTransient(err)) throw err;
    return read();
  }
}

/** What went wrong, short enough for an "Unknown:" line: the status and the server's words, or the transport's. */
function failure(err: unknown): string {
  if (err instanceof ApiError) return `${err.status} ${err.reason}${err.serverMessage ? `: ${err.serverMessage}` : ''}`;
  return (err as Error).message;
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

/**
 * Is the server at the other end a Kubernetes API server? Asked only after a 404, to tell "the
 * Service does not exist" from "this `server:` is a proxy, an ingress or some other service that
 * answers 404 to everything". `GET /api` is legacy discovery, served by every kube-apiserver (it is
 * where kubectl's own discovery starts: client-go discovery `ServerGroups` reads `/api` first) and
 * answers an `APIVersions` object.
 */
import { InputError } from '../../failures.ts';
import type { KubeClient } from './client.ts';
import { TransportFailure } from './failures.ts';

/** null when `/api` is Kubernetes discovery; otherwise what it answered instead. */
export async function notKubernetesApi(client: KubeClient): Promise<string | null> {
  try {
    const body = await client.get<{ kind?: unknown } | null>('/api');
    return body !== null && typeof body === 'object' && body.kind === 'APIVersions' ? null : 'GET /api answered JSON that is not APIVersions';
  } catch (err) {
    // A cut connection or a timeout says nothing about what the server is.
    if (err instanceof TransportFailure || !(err instanceof InputError)) throw err;
    return `GET /api failed too (${err.message})`;
  }
}

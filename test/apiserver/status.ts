/**
 * metav1.Status failures, worded as kube-apiserver words them, so clients that parse
 * `reason`/`code`/`details` (client-go, client-node, kubectl's error printer) behave as in a cluster.
 */
import type { ResourceType } from './resources.ts';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return status;
}

export function notFound(type: ResourceType, name: string): Status {
  return failure(404, 'NotFound', `${qualified(type)} "${name}" not found`, detailsFor(type, name));
}

/** RBAC's denial, e.g. `pods is forbidden: User "u" cannot list resource "pods" in API group "" in the namespace "default"`. */
export function forbidden(type: ResourceType, verb: string, user: string, namespace?: string, name?: string): Status {
  const subject = name ? `${qualified(type)} "${name}"` : qualified(type);
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${type.name}" in API group "${type.group}" ${scope}`;
  return failure(403, 'Forbidden', message, detailsFor(type, name));
}

export function methodNotAllowed(): Status {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function internalError(message: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** What a watch from a compacted resourceVersion receives as its ERROR event. */
export function tooOldResourceVersion(requested: number, oldest: number): Status {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without ' +
  'the continue parameter, or use the continue token in this response to retrieve the remainder of the results. ' +
  'Continuing with the provided token results in an inconsistent list - objects that were created, modified, or ' +
  'deleted between the time the first chunk was returned and now may show up in the list.';

export function continueExpired(): Status {
  return failure(410, 'Expired', CONTINUE_EXPIRED_MESSAGE);
}

/** "pods" for the core group, "endpointslices.discovery.k8s.io" otherwise, as in messages. */
function qualified(type: ResourceType): string {
  return type.group === '' ? type.name : `${type.name}.${type.group}`;
}

function detailsFor(type: ResourceType, name?: string): StatusDetails {
  const details: StatusDetails = {};
  if (name !== undefined) details.name = name;
  if (type.group !== '') details.group = type.group;
  details.kind = type.name;
  return details;
}

/**
 * What the input is missing, said once for every place that reports it: the headline's
 * "1 unknown: EndpointSlices not in the input files", a pod's RoutingUnknown reason, the findings.
 */
import type { UnknownResource } from '../model/snapshot.ts';

const PLURAL: Record<string, string> = { EndpointSlice: 'EndpointSlices', Endpoints: 'Endpoints', Pod: 'Pods', Node: 'Nodes', Event: 'Events' };

/** `EndpointSlices not in the input files`, `Pods forbidden: ...`. */
export function missingPhrase(resource: UnknownResource): string {
  return `${PLURAL[resource.kind] ?? resource.kind} ${resource.why}`;
}

/** The phrase for `kind` when the input is missing it, else null. */
export function missingKind(unknown: readonly UnknownResource[], kind: UnknownResource['kind']): string | null {
  const resource = unknown.find((u) => u.kind === kind);
  return resource ? missingPhrase(resource) : null;
}

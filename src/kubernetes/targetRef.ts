/**
 * The pods a Service's endpoints name. Both the EndpointSlice and the Endpoints controller write
 * a targetRef of kind Pod in the Service's namespace for every pod endpoint
 * (staging/src/k8s.io/endpointslice/utils.go podToEndpoint, endpoints_controller.go
 * podToEndpointAddressForService); hand-written or mirrored endpoints may carry another kind or none.
 */
import type { EndpointSlice, Endpoints, ObjectReference } from './objects.ts';

/** Names of the pods in `namespace` that slice endpoints or Endpoints addresses name in their targetRef. */
export function referencedPodNames(slices: readonly EndpointSlice[], endpoints: Endpoints | null | undefined, namespace: string): string[] {
  const names = new Set<string>();
  const refs: (ObjectReference | undefined)[] = [
    ...slices.flatMap((s) => (s.endpoints ?? []).map((e) => e.targetRef)),
    ...(endpoints?.subsets ?? []).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].map((a) => a.targetRef)),
  ];
  for (const ref of refs) {
    if (ref?.name && (ref.kind ?? 'Pod') === 'Pod' && (ref.namespace ?? namespace) === namespace) names.add(ref.name);
  }
  return [...names];
}

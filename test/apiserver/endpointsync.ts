/**
 * What the EndpointSlice and Endpoints controllers do after a pod's readiness changes: the
 * endpoints whose targetRef names the pod get ready/serving flipped (slices), or move between
 * addresses and notReadyAddresses (Endpoints). Only existing objects are edited; none are created.
 */
import type { EndpointAddress, EndpointSlice, Endpoints, EndpointSubset, KubeObject } from '../../src/kubernetes/objects.ts';
import type { ObjectStore } from './store.ts';
import { typeOf } from './store.ts';

export function propagateReadiness(store: ObjectStore, namespace: string, pod: string, ready: boolean): void {
  const current = (kind: string): KubeObject[] => (store.listAt(typeOf(kind), namespace) ?? []).map((e) => structuredClone(e.object));
  const targetsPod = (ref: { kind?: string; name?: string } | undefined): boolean => ref?.kind === 'Pod' && ref.name === pod;
  for (const slice of current('EndpointSlice') as EndpointSlice[]) {
    const mine = (slice.endpoints ?? []).filter((e) => targetsPod(e.targetRef));
    for (const endpoint of mine) {
      const terminating = endpoint.conditions?.terminating ?? false;
      endpoint.conditions = { ...endpoint.conditions, ready: ready && !terminating, serving: ready };
    }
    if (mine.length > 0) store.upsert(slice);
  }
  for (const endpoints of current('Endpoints') as Endpoints[]) {
    const subsets = (endpoints.subsets ?? []).filter((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].some((a) => targetsPod(a.targetRef)));
    for (const subset of subsets) moveAddresses(subset, (a) => targetsPod(a.targetRef), ready);
    if (subsets.length > 0) store.upsert(endpoints);
  }
}

/** Moves the matching addresses to `addresses` (ready) or `notReadyAddresses`, dropping emptied lists. */
function moveAddresses(subset: EndpointSubset, isMine: (a: EndpointAddress) => boolean, ready: boolean): void {
  const moved = [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])].filter(isMine);
  const readyRest = (subset.addresses ?? []).filter((a) => !isMine(a));
  const notReadyRest = (subset.notReadyAddresses ?? []).filter((a) => !isMine(a));
  const addresses = ready ? [...readyRest, ...moved] : readyRest;
  const notReady = ready ? notReadyRest : [...notReadyRest, ...moved];
  if (addresses.length > 0) subset.addresses = addresses;
  else delete subset.addresses;
  if (notReady.length > 0) subset.notReadyAddresses = notReady;
  else delete subset.notReadyAddresses;
}

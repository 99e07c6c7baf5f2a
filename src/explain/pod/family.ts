/**
 * A dual-stack pod routed in one address family and not in the other. The EndpointSlice
 * controller writes one set of slices per family of the Service (staging/src/k8s.io/endpointslice
 * reconciler.go Reconcile -> reconcileByAddressType), and kube-proxy runs one proxier per family
 * reading only that family's slices (pkg/proxy/endpointslicecache.go), so traffic to the Service's
 * IPv6 cluster IP reaches the pod only through its IPv6 endpoint. Both slices are written from the
 * same pod, but as separate objects: one can be read before the other is updated.
 */
import { ipFamily } from '../../kubernetes/pod.ts';
import type { PodView, SliceEntry } from '../../model/view.ts';
import { endpointState, type PortRouting } from '../routing.ts';
import type { Cause } from '../types.ts';

const FAMILIES = ['IPv4', 'IPv6'] as const;

export function familyGap(pod: PodView, entries: readonly SliceEntry[], routing: ReadonlyMap<string, PortRouting>): Cause | null {
  const families = FAMILIES.filter((f) => routing.has(f) && pod.ips.some((ip) => ipFamily(ip) === f));
  const routedEntry = (family: string) => entries.find((e) => e.slice.addressType === family && routing.get(family)?.addresses.has(e.address) === true);
  const routed = families.filter((f) => routedEntry(f) !== undefined);
  const missing = families.find((f) => !routed.includes(f));
  const via = routed[0] === undefined ? undefined : routedEntry(routed[0]);
  if (via === undefined || missing === undefined) return null;
  const other = entries.find((e) => e.slice.addressType === missing);
  const where = other
    ? `${conditions(other)} in ${missing} slice ${other.slice.metadata.name}`
    : `in no ${missing} slice although it has ${missing} address ${pod.ips.find((ip) => ipFamily(ip) === missing) ?? '?'}`;
  return {
    code: 'DualStackPartial',
    message: `routed in ${via.slice.addressType} slice ${via.slice.metadata.name} (${via.address}) but ${where}: ${missing} traffic to the Service does not reach it`,
  };
}

/** `ready=false`, or the whole state when ready alone does not say why it is not routed. */
function conditions(entry: SliceEntry): string {
  const state = endpointState(entry.endpoint);
  if (!state.ready && !state.terminating) return 'ready=false';
  return `ready=${state.ready} serving=${state.serving} terminating=${state.terminating}`;
}

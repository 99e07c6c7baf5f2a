import type { SliceEntry } from '../../model/view.ts';
import { endpointState } from '../routing.ts';
import type { EndpointReport } from '../types.ts';

/** One EndpointSlice endpoint of a pod, with its conditions read the way kube-proxy reads them. */
export function endpointReport(entry: SliceEntry): EndpointReport {
  const state = endpointState(entry.endpoint);
  const hints = entry.endpoint.hints;
  return {
    slice: entry.slice.metadata.name,
    addressType: entry.slice.addressType,
    address: entry.address,
    ...state,
    zone: entry.endpoint.zone ?? null,
    node: entry.endpoint.nodeName ?? null,
    hints: [...(hints?.forZones ?? []).map((z) => `zone:${z.name}`), ...(hints?.forNodes ?? []).map((n) => `node:${n.name}`)],
  };
}

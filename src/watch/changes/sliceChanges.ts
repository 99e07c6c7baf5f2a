/**
 * What changed in one EndpointSlice, endpoint by endpoint (keyed by address): an endpoint added
 * or removed, or one of its ready/serving/terminating conditions flipped. Conditions are read the
 * way kube-proxy reads them (absent ready means ready), through the explain core's own reader.
 */
import type { EndpointSlice } from '../../kubernetes/objects.ts';
import { endpointState } from '../../explain/routing.ts';
import type { Change } from './change.ts';

interface EndpointFacts {
  pod: string | null;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

const CONDITIONS = ['ready', 'serving', 'terminating'] as const;

export function sliceChanges(prev: EndpointSlice | undefined, next: EndpointSlice | undefined, at: number): Change[] {
  const name = (next ?? prev)?.metadata.name;
  if (name === undefined) return [];
  const before = endpointsByAddress(prev);
  const after = endpointsByAddress(next);
  const changes: Change[] = [];
  const change = (address: string, pod: string | null, field: Change['field'], from: boolean, to: boolean): Change =>
    ({ at, source: 'endpointslice', object: `endpointslice/${name}`, pod, address, field, from, to });
  for (const [address, was] of before) {
    const now = after.get(address);
    if (!now) {
      changes.push(change(address, was.pod, 'exists', true, false));
      continue;
    }
    for (const field of CONDITIONS) if (was[field] !== now[field]) changes.push(change(address, now.pod ?? was.pod, field, was[field], now[field]));
  }
  for (const [address, now] of after) if (!before.has(address)) changes.push(change(address, now.pod, 'exists', false, true));
  return changes;
}

function endpointsByAddress(slice: EndpointSlice | undefined): Map<string, EndpointFacts> {
  const facts = new Map<string, EndpointFacts>();
  for (const endpoint of slice?.endpoints ?? []) {
    const ref = endpoint.targetRef;
    const pod = ref?.name && (ref.kind ?? 'Pod') === 'Pod' ? ref.name : null;
    for (const address of endpoint.addresses ?? []) facts.set(address, { pod, ...endpointState(endpoint) });
  }
  return facts;
}

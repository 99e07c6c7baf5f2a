/**
 * What changed in the legacy Endpoints object: an address moving between `addresses`,
 * `notReadyAddresses` and absent. An address listed ready in any subset counts as ready (a pod
 * serving several port sets appears once per subset).
 */
import type { Endpoints } from '../../kubernetes/objects.ts';
import type { EndpointsList } from '../types.ts';
import type { Change } from './change.ts';

interface AddressFacts {
  list: EndpointsList;
  pod: string | null;
}

export function endpointsChanges(prev: Endpoints | undefined, next: Endpoints | undefined, at: number): Change[] {
  const name = (next ?? prev)?.metadata.name;
  if (name === undefined) return [];
  const before = addressLists(prev);
  const after = addressLists(next);
  const changes: Change[] = [];
  for (const address of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(address);
    const now = after.get(address);
    const from = was?.list ?? 'absent';
    const to = now?.list ?? 'absent';
    if (from === to) continue;
    changes.push({ at, source: 'endpoints', object: `endpoints/${name}`, pod: now?.pod ?? was?.pod ?? null, address, field: 'address', from, to });
  }
  return changes;
}

function addressLists(endpoints: Endpoints | undefined): Map<string, AddressFacts> {
  const lists = new Map<string, AddressFacts>();
  const podOf = (ref: { kind?: string; name?: string } | undefined) => (ref?.name && (ref.kind ?? 'Pod') === 'Pod' ? ref.name : null);
  for (const subset of endpoints?.subsets ?? []) {
    for (const a of subset.notReadyAddresses ?? []) if (!lists.has(a.ip)) lists.set(a.ip, { list: 'notReadyAddresses', pod: podOf(a.targetRef) });
    // Ready wins over not ready: set after, unconditionally.
    for (const a of subset.addresses ?? []) lists.set(a.ip, { list: 'addresses', pod: podOf(a.targetRef) });
  }
  return lists;
}

/**
 * Addresses that something routes to but that belong to no pod of the view: the manual endpoints
 * of a selector-less Service, slice entries whose pod is gone, and KUBE-SEP rules kube-proxy still
 * has for an old pod IP.
 */
import type { Endpoints, Service } from '../kubernetes/objects.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { OrphanView, PodView, SliceEntry } from './view.ts';
import { byText } from '../kubernetes/order.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import { hasActive, heldBack } from '../dataplane/words.ts';

interface OrphanInput {
  service: Service;
  pods: readonly PodView[];
  entries: readonly SliceEntry[];
  endpoints: Endpoints | null;
  dumps: readonly NodeRules[];
}

export function findOrphans(input: OrphanInput): OrphanView[] {
  const owned = new Set<SliceEntry>(input.pods.flatMap((p) => p.sliceEntries));
  const podIPs = new Set(input.pods.flatMap((p) => p.ips));
  const podNames = new Set(input.pods.map((p) => p.pod.metadata.name));
  const orphans = new Map<string, OrphanView>();
  const orphan = (address: string): OrphanView => {
    let view = orphans.get(address);
    if (!view) {
      view = { address, port: null, seenIn: [], targetRef: null, sliceEntries: [], ruleNodes: [], endpointsState: null };
      orphans.set(address, view);
    }
    return view;
  };
  for (const entry of input.entries) {
    if (owned.has(entry)) continue;
    const view = orphan(entry.address);
    view.sliceEntries.push(entry);
    addSeen(view, `endpointslice/${entry.slice.metadata.name}`);
    const ref = entry.endpoint.targetRef;
    if (ref?.name) view.targetRef = `${(ref.kind ?? 'Pod').toLowerCase()}/${ref.name}`;
    view.port ??= entry.slice.ports?.[0]?.port ?? null;
  }
  collectEndpoints(input.endpoints, podIPs, podNames, orphan);
  collectRules(input, podIPs, orphan);
  return [...orphans.values()].sort((a, b) => byText(a.address, b.address));
}

function collectEndpoints(endpoints: Endpoints | null, podIPs: Set<string>, podNames: Set<string>, orphan: (a: string) => OrphanView): void {
  if (!endpoints) return;
  for (const subset of endpoints.subsets ?? []) {
    const lists = [
      ['ready', subset.addresses ?? []],
      ['notReady', subset.notReadyAddresses ?? []],
    ] as const;
    for (const [state, addresses] of lists) {
      for (const address of addresses) {
        if (podIPs.has(address.ip) || (address.targetRef?.name && podNames.has(address.targetRef.name))) continue;
        const view = orphan(address.ip);
        view.endpointsState = state;
        view.port ??= subset.ports?.[0]?.port ?? null;
        if (address.targetRef?.name) view.targetRef ??= `pod/${address.targetRef.name}`;
        addSeen(view, `endpoints/${endpoints.metadata.name}`);
      }
    }
  }
}

function collectRules(input: OrphanInput, podIPs: Set<string>, orphan: (a: string) => OrphanView): void {
  const name = serviceKey(input.service);
  for (const dump of input.dumps) {
    for (const rules of dump.services) {
      if (rules.service !== name) continue;
      for (const list of [rules.endpoints ?? [], rules.localEndpoints ?? []]) {
        for (const share of list) {
          // An endpoint whose address is not in the dump names nothing.
          if (share.ip === null || podIPs.has(share.ip)) continue;
          const view = orphan(share.ip);
          view.port ??= share.port;
          const held = heldBack(share, hasActive(list));
          if (!view.ruleNodes.some((r) => r.node === dump.node)) view.ruleNodes.push({ node: dump.node, dataplane: dump.dataplane, share: share.share, ...(held === null ? {} : { held }) });
          addSeen(view, `${dump.dataplane}/${dump.node}`);
        }
      }
    }
  }
}

function addSeen(view: OrphanView, where: string): void {
  if (!view.seenIn.includes(where)) view.seenIn.push(where);
}

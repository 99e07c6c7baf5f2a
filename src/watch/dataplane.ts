/**
 * A read of the nodes' rules (--collect-dataplane) applied to the watch: each node's rules for
 * the Service replace its previous ones, and the addresses its rules send to are compared with the
 * previous read of that node: an address that appears or disappears is a `rule` transition of
 * `node/NAME` ("rule for 10.244.0.8 removed on minikube"). A node's first read is its baseline,
 * as a kind's first list is. A node that cannot be read is unknown, with its reason on the
 * timeline once, never "no rules"; its next good read is a new baseline, since what changed while
 * it was unknown was not seen. A node left out of a read (its pods moved away) is dropped.
 */
import { podIPs } from '../kubernetes/pod.ts';
import type { Pod, Service } from '../kubernetes/objects.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { ruleAddresses } from '../model/ruleAddresses.ts';
import type { Draft, Step } from './apply.ts';
import type { NodeDataplane } from './state.ts';
import { kindMap, type ObjectStore } from './store.ts';
import type { NodeRulesRead, TimelineEntry } from './types.ts';

export function applyNodeRules(step: Step, reads: readonly NodeRulesRead[], at: number): Step {
  const previous = step.state.dataplane;
  const service = kindMap(step.state.objects, 'Service').get(`${step.state.target.namespace}/${step.state.target.name}`) as Service | undefined;
  // Without the Service (deleted meanwhile) its rules cannot be picked out: nothing is claimed.
  if (previous === null || service === undefined) return step;
  // A node no longer read (its pods moved away) leaves: its rules would only grow old.
  const dataplane = new Map([...previous].filter(([node]) => reads.some((r) => r.node === node)));
  const drafts: Draft[] = [...step.drafts];
  for (const read of reads) {
    const before = previous.get(read.node);
    if ('unknown' in read) {
      dataplane.set(read.node, { at, unknown: read.unknown });
      if (!before || !('unknown' in before) || before.unknown !== read.unknown) drafts.push(note(at, `rules of node ${read.node} unknown: ${read.unknown}`));
      continue;
    }
    const addresses = ruleAddresses(service, read.rules);
    dataplane.set(read.node, { at, rules: read.rules, addresses });
    if (before && 'unknown' in before) drafts.push(note(at, `rules of node ${read.node} read again (changes while they were unknown were not seen)`));
    if (before && 'addresses' in before) drafts.push(...ruleChanges(read.node, before, addresses, step.state.objects, at));
  }
  return { state: { ...step.state, dataplane }, drafts, dirty: true };
}

/** The dumps and unread nodes of the last read, as explain takes them. */
export function dataplaneInput(dataplane: ReadonlyMap<string, NodeDataplane> | null): { dumps: NodeRules[]; unread: { node: string; why: string }[] } {
  const dumps: NodeRules[] = [];
  const unread: { node: string; why: string }[] = [];
  for (const [node, read] of dataplane ?? []) {
    if ('unknown' in read) unread.push({ node, why: read.unknown });
    else dumps.push(...read.rules);
  }
  return { dumps, unread };
}

function ruleChanges(node: string, before: { addresses: ReadonlySet<string> }, after: ReadonlySet<string>, objects: ObjectStore, at: number): Draft[] {
  const drafts: Draft[] = [];
  const changed = [...new Set([...before.addresses, ...after])].filter((a) => before.addresses.has(a) !== after.has(a)).sort();
  for (const address of changed) {
    const [from, to] = after.has(address) ? ['absent', 'present'] : ['present', 'absent'];
    const change = { at, source: 'dataplane' as const, object: `node/${node}`, pod: podWithAddress(objects, address), address, field: 'rule' as const, from, to };
    drafts.push({ type: 'change', change, seen: 'live', trigger: null, readySince: null });
  }
  return drafts;
}

function podWithAddress(objects: ObjectStore, address: string): string | null {
  for (const pod of kindMap(objects, 'Pod').values()) if (podIPs(pod as Pod).includes(address)) return pod.metadata?.name ?? null;
  return null;
}

function note(at: number, text: string): Draft {
  const entry: TimelineEntry = { type: 'note', at, text };
  return { type: 'entry', entry };
}

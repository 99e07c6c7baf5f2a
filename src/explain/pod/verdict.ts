/**
 * The verdict on one pod: per service port from what the slices route and what the node dumps
 * show, then combined over its ports (see types.ts Verdict for what each word means).
 */
import type { PodView, SliceEntry } from '../../model/view.ts';
import type { PortRouting } from '../routing.ts';
import type { Verdict } from '../types.ts';
import type { DataplaneFact } from './dataplane.ts';

export interface PortVerdictInput {
  pod: PodView;
  /** The pod's slice entry kube-proxy routes to for this port, if any. */
  routedEntry: SliceEntry | undefined;
  routing: Map<string, PortRouting>;
  dataplane: readonly DataplaneFact[];
  slicesKnown: boolean;
  /** Not routed cluster-wide, yet the only usable endpoint of its own node's Local-policy chain. */
  localFallback: boolean;
}

export function portVerdict({ pod, routedEntry, routing, dataplane, slicesKnown, localFallback }: PortVerdictInput): Verdict {
  if (!slicesKnown && pod.sliceEntries.length === 0) return withoutSlices(dataplane);
  if (!routedEntry) {
    // Only its node's Local-policy traffic reaches it (external traffic for externalTrafficPolicy
    // Local, every cluster IP client on that node for internalTrafficPolicy Local).
    if (localFallback) return 'partial';
    return dataplane.some((d) => d.verdict.kind === 'present') ? 'stale' : 'none';
  }
  const mode = routing.get(routedEntry.slice.addressType)?.mode === 'fallback' ? 'fallback' : 'receives';
  const present = dataplane.filter((d) => d.verdict.kind === 'present').length;
  // A node that drops the traffic by policy (internalTrafficPolicy Local, no endpoint on it) counts
  // as missing too: its clients get nothing, which is what the person debugging needs to see.
  const missing = dataplane.filter((d) => d.verdict.kind === 'absent' && d.verdict.expected === true).length;
  if (missing === 0) return mode;
  return present > 0 ? 'partial' : 'none';
}

/**
 * Without the slices, only the node dumps can tell: a rule on every node that shows this port means
 * the pod gets its traffic there, whatever the slices say. A node without its rule proves nothing
 * of the others (topology, Local policy, a node that has not synced), so anything less is unknown.
 */
function withoutSlices(dataplane: readonly DataplaneFact[]): Verdict {
  const present = dataplane.filter((d) => d.verdict.kind === 'present').length;
  const absent = dataplane.filter((d) => d.verdict.kind === 'absent').length;
  return present > 0 && absent === 0 ? 'receives' : 'unknown';
}

/**
 * The pod's verdict from its ports': all alike is that verdict; any mix is partial, unless only
 * stale rules reach it, or the only doubt is an unknown port.
 */
export function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0) return 'unknown';
  if (verdicts.every((v) => v === 'receives')) return 'receives';
  if (verdicts.every((v) => v === 'receives' || v === 'fallback')) return 'fallback';
  if (verdicts.every((v) => v === 'none')) return 'none';
  if (verdicts.every((v) => v === 'unknown')) return 'unknown';
  // Receiving on one port and unknown on another is not "partial": nothing known is wrong.
  if (verdicts.every((v) => v === 'unknown' || v === 'receives' || v === 'fallback')) return 'unknown';
  if (verdicts.some((v) => v === 'stale') && !verdicts.some((v) => v === 'receives' || v === 'fallback')) return 'stale';
  return 'partial';
}

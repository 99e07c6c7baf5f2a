/**
 * Endpoint removal as the objects of one capture record it, for each selected pod being deleted.
 * A capture is one moment: the delete request (deletionTimestamp - deletionGracePeriodSeconds),
 * the kubelet's Killing event and the pod's Ready transition carry their own times, but an
 * EndpointSlice records no time per endpoint. What it does record is its last write: the API
 * server moves a manager's `metadata.managedFields[].time` whenever that manager changes a field
 * it owns (apimachinery ManagedFieldsEntry.Time), so a slice that shows the endpoint not ready was
 * in that state by its latest managedFields time. That bound is what explain measures; a watch
 * (`kubectl slices watch`) sees each write as it happens.
 */
import type { EndpointSlice } from '../../kubernetes/objects.ts';
import type { ServiceView } from '../../model/view.ts';
import { measureEndpointRemoval, recommendPreStopSleep, type SliceObservation } from '../../termination/propagation.ts';
import type { TerminationReport } from './types.ts';

const NO_SLICE_OBSERVED = 'EndpointSlice changes (no slice was observed)';
/** A capture holds pods still being deleted: their endpoints' removal is yet to come, not missed. */
const NO_REMOVAL_OBSERVED = 'the slice write that removed the endpoint (not observed)';

export function endpointRemovals(view: ServiceView): Pick<TerminationReport, 'removals' | 'preStop'> {
  const deleting = view.pods.filter((p) => p.selected && !p.phantom && p.pod.metadata.deletionTimestamp);
  if (deleting.length === 0) {
    return { removals: [], preStop: { measured: false, why: 'no pod of the Service is being deleted in the input (`kubectl slices watch` measures a rollout as it happens)' } };
  }
  const observations = view.slices.flatMap(lastWrite);
  const slicesWhy = view.unknown.find((u) => u.kind === 'EndpointSlice')?.why;
  const noTimes = slicesWhy
    ? `EndpointSlice changes (EndpointSlice ${slicesWhy})`
    : "the slices' write times (they carry no metadata.managedFields: kubectl get drops them unless --show-managed-fields; kubectl slices snapshot keeps them)";
  const dataplaneMissing = view.dumps.length > 0 ? 'the node dumps record no time' : undefined;
  const removals = deleting.map((p) => {
    const m = measureEndpointRemoval({ pod: p.pod, events: p.events, slices: observations, ...(dataplaneMissing ? { dataplaneMissing } : {}) });
    return { ...m, missing: m.missing.filter((text) => text !== NO_REMOVAL_OBSERVED).map((text) => (text === NO_SLICE_OBSERVED ? noTimes : text)) };
  });
  return { removals, preStop: recommendPreStopSleep(removals) };
}

/** The slice as of its last recorded write; none when it carries no managedFields times. */
function lastWrite(slice: EndpointSlice): SliceObservation[] {
  const times = (slice.metadata.managedFields ?? []).map((f) => f.time).filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  if (times.length === 0) return [];
  const latest = times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  return [{ observedAt: latest, slice, lastWrite: true }];
}

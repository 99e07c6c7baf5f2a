/**
 * How long it took, for one deleted pod, until its endpoint stopped being routable: the delete
 * request, the kubelet's `Killing` event, the pod's Ready=False transition, the first EndpointSlice
 * write that shows its endpoint not ready (terminating), the write that drops it, and, where node
 * rules were collected, when each node stopped sending to it.
 *
 * Sources, and what each is worth:
 * - The delete request time is `deletionTimestamp - deletionGracePeriodSeconds`: the API server sets
 *   deletionTimestamp to now + the grace period (pkg/registry/rest/delete.go BeforeDelete). Both are
 *   whole seconds, so a duration from it can read up to 1 s long.
 * - An EndpointSlice records no time of its own writes. `endpoints.kubernetes.io/last-change-trigger-time`
 *   is the time of the *trigger*, the pod's Ready condition lastTransitionTime
 *   (staging/src/k8s.io/endpointslice/trigger_time_tracker.go getPodTriggerTime, with the TODO
 *   "Implement missing cases: deletionTime set"); a write with no new trigger clears it
 *   (utils.go AddTriggerTimeAnnotation). kube-proxy starts its network-programming latency clock
 *   there. So slice write times come from when a watch saw them (`observedAt`, an upper bound: the
 *   event arrives after the write), and the annotation is reported as what it is.
 */
import { read, type Evidence } from '../kubernetes/evidence.ts';
import type { EndpointSlice, EndpointSliceEndpoint, EventObject, Pod } from '../kubernetes/objects.ts';
import { podCondition, podIPs } from '../kubernetes/pod.ts';
import { eventTime } from '../explain/readiness/events.ts';

export const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

export interface SliceObservation {
  /** When a watch saw the slice in this state (RFC 3339, from the watch's injected clock). */
  observedAt: string;
  slice: EndpointSlice;
  /** A DELETED watch event: the slice, and every endpoint in it, is gone. */
  deleted?: boolean;
  /**
   * `observedAt` is the slice's last write as the API server recorded it (the latest
   * `metadata.managedFields[].time`), read from a capture rather than seen by a watch: the slice
   * was in this state by then, and may have been since an earlier write.
   */
  lastWrite?: boolean;
}

export interface DataplaneObservation {
  node: string;
  observedAt: string;
  /** Whether this node's rules still sent new connections to the pod when collected. */
  routable: boolean;
}

export interface PropagationInput {
  /** The latest version of the pod seen (with deletionTimestamp). */
  pod: Pod;
  events: readonly EventObject[];
  slices: readonly SliceObservation[];
  dataplane?: readonly DataplaneObservation[];
  /** Why node rules are not measured, when they were not collected over time (the default says so). */
  dataplaneMissing?: string;
}

export type MilestoneName = 'deleteRequested' | 'killing' | 'readyFalse' | 'endpointNotReady' | 'endpointRemoved' | 'ruleRemoved';

export interface Milestone {
  name: MilestoneName;
  at: string;
  /** Seconds after the delete request; null when that is unknown. */
  afterSeconds: number | null;
  evidence: Evidence[];
}

export interface RemovalMeasurement {
  pod: string;
  milestones: Milestone[];
  /** Delete request to the first slice write showing the endpoint not ready. */
  notReadyAfterSeconds: number | null;
  /** How that write was timed: seen by a watch, or the slice's last recorded write (an upper bound). */
  notReadyTimedBy: 'watch' | 'lastWrite' | null;
  /** Delete request to the last observed node rule removal, when every observed node removed it. */
  rulesRemovedAfterSeconds: number | null;
  /** The trigger-time annotation on the slice write that marked the endpoint not ready. */
  triggerTime: string | null;
  /** What was not measured and why. */
  missing: string[];
}

export function measureEndpointRemoval(input: PropagationInput): RemovalMeasurement {
  const { pod } = input;
  const out: RemovalMeasurement = { pod: pod.metadata.name, milestones: [], notReadyAfterSeconds: null, notReadyTimedBy: null, rulesRemovedAfterSeconds: null, triggerTime: null, missing: [] };
  const requested = deleteRequested(pod);
  if (!requested) {
    out.missing.push(pod.metadata.deletionTimestamp ? 'the delete request time (deletionGracePeriodSeconds is absent)' : 'a deletion (the pod has no deletionTimestamp)');
    return out;
  }
  const since = (at: string): number => (Date.parse(at) - requested.ms) / 1000;
  const add = (name: MilestoneName, at: string, evidence: Evidence[]): void => void out.milestones.push({ name, at, afterSeconds: since(at), evidence });
  out.milestones.push({ name: 'deleteRequested', at: new Date(requested.ms).toISOString(), afterSeconds: 0, evidence: requested.evidence });
  const killing = input.events.find((e) => e.reason === 'Killing' && e.involvedObject?.name === pod.metadata.name && Date.parse(eventTime(e)) >= requested.ms - 1000);
  if (killing) add('killing', eventTime(killing), [read(killing, 'reason', killing.reason), read(killing, 'message', killing.message)]);
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime && Date.parse(ready.lastTransitionTime) >= requested.ms - 1000) {
    add('readyFalse', ready.lastTransitionTime, [read(pod, "status.conditions[type=Ready].lastTransitionTime", ready.lastTransitionTime)]);
  }
  sliceMilestones(input, requested.ms, out, add);
  dataplaneMilestones(input, requested.ms, out, add);
  out.milestones.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return out;
}

function deleteRequested(pod: Pod): { ms: number; evidence: Evidence[] } | null {
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata;
  if (!deletionTimestamp || deletionGracePeriodSeconds === undefined) return null;
  const ms = Date.parse(deletionTimestamp) - deletionGracePeriodSeconds * 1000;
  if (Number.isNaN(ms)) return null;
  return { ms, evidence: [read(pod, 'metadata.deletionTimestamp', deletionTimestamp), read(pod, 'metadata.deletionGracePeriodSeconds', deletionGracePeriodSeconds)] };
}

type Add = (name: MilestoneName, at: string, evidence: Evidence[]) => void;

function sliceMilestones(input: PropagationInput, requestedMs: number, out: RemovalMeasurement, add: Add): void {
  const seen = [...input.slices].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  const holding = new Set<string>();
  let notReady: SliceObservation | null = null;
  let removed: SliceObservation | null = null;
  for (const obs of seen) {
    const name = obs.slice.metadata.name;
    const endpoint = obs.deleted ? undefined : (obs.slice.endpoints ?? []).find((e) => isPodEndpoint(e, input.pod));
    const after = Date.parse(obs.observedAt) >= requestedMs;
    if (endpoint) {
      holding.add(name);
      // A nil `ready` means ready (discovery/v1 EndpointConditions).
      if (after && !notReady && (endpoint.conditions?.ready === false || endpoint.conditions?.terminating === true)) notReady = obs;
    } else if (holding.delete(name) && after && holding.size === 0 && !removed) {
      removed = obs;
    }
  }
  if (notReady) {
    const trigger = notReady.slice.metadata.annotations?.[TRIGGER_TIME_ANNOTATION] ?? null;
    out.triggerTime = trigger;
    const timed = notReady.lastWrite ? [read(notReady.slice, 'metadata.managedFields[].time (latest)', notReady.observedAt)] : [];
    add('endpointNotReady', notReady.observedAt, [read(notReady.slice, 'endpoints[].conditions', 'ready=false'), ...timed, read(notReady.slice, `metadata.annotations['${TRIGGER_TIME_ANNOTATION}']`, trigger)]);
    out.notReadyAfterSeconds = (Date.parse(notReady.observedAt) - requestedMs) / 1000;
    out.notReadyTimedBy = notReady.lastWrite ? 'lastWrite' : 'watch';
  } else {
    out.missing.push(seen.length === 0 ? 'EndpointSlice changes (no slice was observed)' : 'the slice write that marked the endpoint not ready (not observed after the delete request)');
  }
  if (removed) add('endpointRemoved', removed.observedAt, [read(removed.slice, 'endpoints', removed.deleted ? 'slice deleted' : 'pod endpoint absent')]);
  else out.missing.push('the slice write that removed the endpoint (not observed)');
}

function dataplaneMilestones(input: PropagationInput, requestedMs: number, out: RemovalMeasurement, add: Add): void {
  const observations = input.dataplane ?? [];
  if (observations.length === 0) {
    out.missing.push(`each node's rule removal (${input.dataplaneMissing ?? 'node rules were not collected'})`);
    return;
  }
  const nodes = new Map<string, DataplaneObservation | null>();
  for (const obs of [...observations].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt))) {
    if (!nodes.has(obs.node)) nodes.set(obs.node, null);
    if (!nodes.get(obs.node) && !obs.routable && Date.parse(obs.observedAt) >= requestedMs) {
      nodes.set(obs.node, obs);
      add('ruleRemoved', obs.observedAt, [{ object: `node/${obs.node}`, field: 'rules', value: 'no rule sends to the pod' }]);
    }
  }
  const pending = [...nodes].filter(([, obs]) => !obs).map(([node]) => node);
  if (pending.length > 0) {
    out.missing.push(`rule removal on ${pending.join(', ')} (still routable when last collected)`);
    return;
  }
  out.rulesRemovedAfterSeconds = Math.max(...[...nodes.values()].map((obs) => (Date.parse(obs!.observedAt) - requestedMs) / 1000));
}

function isPodEndpoint(endpoint: EndpointSliceEndpoint, pod: Pod): boolean {
  const ref = endpoint.targetRef;
  if (ref?.uid && pod.metadata.uid) return ref.uid === pod.metadata.uid;
  if (ref?.name) return ref.name === pod.metadata.name && (ref.namespace ?? pod.metadata.namespace) === pod.metadata.namespace;
  const ips = podIPs(pod);
  return endpoint.addresses.some((a) => ips.includes(a));
}

export type PreStopRecommendation =
  | { measured: true; seconds: number; pod: string; basis: string }
  | { measured: false; why: string };

/**
 * The smallest preStop sleep that would have covered the longest window measured: whole seconds,
 * rounded up. Node rules, when collected, are the end of the window; otherwise the slice write is,
 * and the basis says that each node's proxy and any load balancer add time not measured here.
 */
export function recommendPreStopSleep(measurements: readonly RemovalMeasurement[]): PreStopRecommendation {
  let best: { seconds: number; pod: string; what: string } | null = null;
  for (const m of measurements) {
    const window = m.rulesRemovedAfterSeconds ?? m.notReadyAfterSeconds;
    if (window === null) continue;
    const slice = m.notReadyTimedBy === 'lastWrite'
      ? "until the EndpointSlice's last recorded write, which shows it not ready (an upper bound: the write that marked it may be earlier)"
      : 'until an EndpointSlice showed it not ready';
    const what = m.rulesRemovedAfterSeconds !== null ? 'until every observed node stopped routing to it' : `${slice} (node rule removal not measured: each node's proxy adds its sync time)`;
    if (!best || window > best.seconds) best = { seconds: window, pod: m.pod, what };
  }
  if (!best) {
    const why = measurements.length === 0 ? 'no pod was deleted while watching' : [...new Set(measurements.flatMap((m) => m.missing))].join('; ');
    return { measured: false, why };
  }
  const seconds = Math.ceil(best.seconds);
  return { measured: true, seconds, pod: best.pod, basis: `longest window: pod ${best.pod}, ${best.seconds.toFixed(1)} s from the delete request ${best.what}; the delete time is known to the second. Load balancer deregistration is not measured.` };
}

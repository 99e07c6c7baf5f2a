/**
 * "Now", for the rules that need a clock: the explain core has none (the same input must give the
 * same answer, in a test, offline, and in every frame of watch mode). It takes the time the objects
 * were read, where the source knows it (a live read, a `snapshot` bundle's capturedAt), else the
 * newest time the objects themselves carry: creation and managed-field times, conditions'
 * transitions and heartbeats, containers' starts and ends, events, the controllers' trigger times.
 * That newest time is never after the moment they were read, so a duration measured up to it is
 * never longer than the real one: "has run longer than X" stays true, and is said only when it is.
 */
import { ANNOTATION_LAST_CHANGE_TRIGGER_TIME, type ContainerState, type KubeObject } from '../kubernetes/objects.ts';
import type { Snapshot } from './snapshot.ts';

export interface Observed {
  /** Milliseconds since the epoch. */
  time: number;
  /** Where it comes from: the capture itself, or the newest timestamp in the objects (a lower bound). */
  source: 'capture' | 'objects';
}

export function observedAt(snapshot: Snapshot): Observed | null {
  const captured = snapshot.capturedAt === undefined ? Number.NaN : Date.parse(snapshot.capturedAt);
  if (!Number.isNaN(captured)) return { time: captured, source: 'capture' };
  let newest = Number.NaN;
  const see = (stamp: string | null | undefined) => {
    const time = stamp ? Date.parse(stamp) : Number.NaN;
    if (!Number.isNaN(time) && !(time <= newest)) newest = time;
  };
  const objects: KubeObject[] = [snapshot.service, ...snapshot.endpointSlices, ...(snapshot.endpoints ? [snapshot.endpoints] : []), ...snapshot.pods, ...snapshot.nodes, ...snapshot.events];
  for (const o of objects) stampsOf(o).forEach(see);
  for (const pod of snapshot.pods) {
    see(pod.status?.startTime);
    for (const c of pod.status?.conditions ?? []) [c.lastTransitionTime, c.lastProbeTime].forEach(see);
    for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) [...stateTimes(s.state), ...stateTimes(s.lastState)].forEach(see);
  }
  for (const node of snapshot.nodes) for (const c of node.status?.conditions ?? []) [c.lastHeartbeatTime, c.lastTransitionTime].forEach(see);
  for (const e of snapshot.events) [e.eventTime, e.firstTimestamp, e.lastTimestamp, e.series?.lastObservedTime].forEach(see);
  return Number.isNaN(newest) ? null : { time: newest, source: 'objects' };
}

/** Times every object's metadata carries (deletionTimestamp is when the grace period ends: a future time). */
function stampsOf(o: KubeObject): (string | undefined)[] {
  const meta = o.metadata;
  return [meta?.creationTimestamp, meta?.annotations?.[ANNOTATION_LAST_CHANGE_TRIGGER_TIME], ...(meta?.managedFields ?? []).map((f) => f.time)];
}

function stateTimes(state: ContainerState | undefined): (string | undefined)[] {
  return [state?.running?.startedAt, state?.terminated?.finishedAt];
}

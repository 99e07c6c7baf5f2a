/**
 * What an object says of its own change, so that an endpoint change is paired with the pod
 * transition that caused it, and a change delivered late is not measured as if it had just
 * happened:
 * - the direction of a change (traffic to the pod going up or down): an endpoint going not ready
 *   follows a pod going not Ready (or terminating, or away), never one coming back;
 * - the EndpointSlice and Endpoints controllers' `endpoints.kubernetes.io/last-change-trigger-time`:
 *   the earliest Ready-condition transition among the pod changes that sync acted on
 *   (pkg/controller/util/endpoint/trigger_time_tracker.go ComputeEndpointLastChangeTriggerTime,
 *   getPodTriggerTime: the pod's Ready condition lastTransitionTime). A pod transition older than
 *   it did not trigger that update;
 * - when the object itself last changed (its managed fields' times, a pod's Ready transition, an
 *   Event's last time): a change a resumed watch stream replays happened before the stream came
 *   back, and keeps that time.
 * Server times have whole seconds; they are compared as such.
 */
import { ANNOTATION_LAST_CHANGE_TRIGGER_TIME, type EventObject, type KubeObject, type Pod } from '../kubernetes/objects.ts';
import { podCondition } from '../kubernetes/pod.ts';
import type { Change } from './changes/change.ts';
import type { WatchKind } from './types.ts';

export type Direction = 'up' | 'down';

/** Up: traffic to the pod resumes (Ready, ready, serving, listed ready, added). Down: the rest. */
export function directionOf(change: Pick<Change, 'field' | 'to'>): Direction {
  switch (change.field) {
    case 'Ready':
      return change.to === 'True' ? 'up' : 'down';
    case 'terminating':
      return change.to === true ? 'down' : 'up';
    case 'address':
      return change.to === 'addresses' ? 'up' : 'down';
    default:
      return change.to === true ? 'up' : 'down';
  }
}

/** Milliseconds since the epoch of an RFC 3339 time, or null. */
function time(stamp: string | null | undefined): number | null {
  const t = stamp ? Date.parse(stamp) : Number.NaN;
  return Number.isNaN(t) ? null : t;
}

/** The trigger time a slice or Endpoints object carries, or null. */
export function triggerTimeOf(object: KubeObject | undefined): number | null {
  return time(object?.metadata?.annotations?.[ANNOTATION_LAST_CHANGE_TRIGGER_TIME]);
}

/** When a pod's Ready condition last flipped, or null. */
export function readySinceOf(object: KubeObject | undefined): number | null {
  return object?.kind === 'Pod' ? time(podCondition(object as Pod, 'Ready')?.lastTransitionTime) : null;
}

/** When the object itself says it last changed, or null when it says nothing. */
export function changedAt(kind: WatchKind, object: KubeObject | undefined): number | null {
  if (!object) return null;
  const times = (object.metadata?.managedFields ?? []).map((f) => time(f.time));
  if (kind === 'Pod') times.push(readySinceOf(object));
  if (kind === 'EndpointSlice' || kind === 'Endpoints') times.push(triggerTimeOf(object));
  if (kind === 'Event') {
    const e = object as EventObject;
    times.push(time(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime));
  }
  const known = times.filter((t): t is number => t !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/**
 * Whether a change arriving on a stream that resumed at `resumedAt` (a reconnect that continued
 * from the last resourceVersion) is one it replays: the object changed in a whole second that
 * ended before the stream was back.
 */
export function replayed(changed: number | null, resumedAt: number | undefined): boolean {
  return changed !== null && resumedAt !== undefined && changed + 1000 <= resumedAt;
}

/** A pod transition as endpoint changes are measured from it. */
export interface PodAnchor {
  /** When it was observed; null when it was not seen as it happened (relist, replay). */
  at: number | null;
  direction: Direction;
  /** The pod's Ready lastTransitionTime after it, when the pod has one. */
  readySince: number | null;
}

/**
 * Seconds from the pod transition that caused an endpoint change to that change, or null when it
 * cannot be known: the pod's last observed transition goes the other way, was not seen as it
 * happened, or is older than the controller's trigger time for this update.
 */
export function latencyFrom(anchor: PodAnchor | undefined, change: Pick<Change, 'at' | 'field' | 'to'>, trigger: number | null): number | null {
  if (!anchor || anchor.at === null || anchor.direction !== directionOf(change)) return null;
  if (trigger !== null && anchor.readySince !== null && anchor.readySince < trigger - 999) return null;
  return Math.round(change.at - anchor.at) / 1000;
}

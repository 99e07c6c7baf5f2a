/**
 * The termination window as a watch sees it. When a pod of the Service starts terminating (a
 * rollout, a scale-in), the slice writes that follow are kept for it, each at the time the watch
 * saw it (the session's clock), until its endpoint has left every slice after the pod is gone:
 * what termination/propagation.ts measures the window from. Slices are immutable objects the store
 * already holds, so keeping them costs a reference each; pods and observations are capped.
 */
import type { EndpointSlice, KubeObject, Pod } from '../kubernetes/objects.ts';
import { isTerminating } from '../kubernetes/pod.ts';
import type { DataplaneObservation, SliceObservation } from '../termination/propagation.ts';
import type { WatchKind } from './types.ts';

export interface RolloutPod {
  /** The latest version seen (with its deletionTimestamp). */
  pod: Pod;
  slices: SliceObservation[];
  /**
   * When each node stopped routing to the pod. The hook for node rules collected during a watch:
   * nothing fills it yet, and the measurement says node rule removal was not measured.
   */
  dataplane: DataplaneObservation[];
  /** The pod object is gone (DELETED). */
  gone: boolean;
  /** Gone, and its endpoint has left every slice: nothing more to observe. */
  done: boolean;
}

export type RolloutTrack = ReadonlyMap<string, RolloutPod>;

export const NO_ROLLOUT: RolloutTrack = new Map();

/** Pods followed at once (the oldest finished ones make room), and slice writes kept per pod. */
const TRACKED_PODS = 256;
const OBSERVATIONS_PER_POD = 64;

const iso = (at: number) => new Date(at).toISOString();

/** One watch event applied to the track; `slices` are the Service's slices after the event. */
export function trackEvent(track: RolloutTrack, kind: WatchKind, prev: KubeObject | undefined, next: KubeObject | undefined, at: number, slices: readonly EndpointSlice[]): RolloutTrack {
  if (kind === 'Pod') return trackPod(track, prev as Pod | undefined, next as Pod | undefined, at, slices);
  if (kind === 'EndpointSlice') return trackSlice(track, (next ?? prev) as EndpointSlice | undefined, next === undefined, at, slices);
  return track;
}

function trackPod(track: RolloutTrack, prev: Pod | undefined, next: Pod | undefined, at: number, slices: readonly EndpointSlice[]): RolloutTrack {
  const name = (next ?? prev)?.metadata.name;
  if (name === undefined) return track;
  const known = track.get(name);
  if (known) {
    const gone = next === undefined;
    return withPod(track, name, { ...known, pod: next ?? known.pod, gone, done: gone && !inAnySlice(known.pod, slices) });
  }
  // Only a deletion seen to happen: a pod already terminating when the watch started would be
  // measured from the watch's start, not from when its endpoint really changed.
  if (!prev || !next || isTerminating(prev) || !isTerminating(next)) return track;
  // The baseline: the slices as they stand when the deletion is seen, so a later write that drops
  // the endpoint reads as its removal.
  const baseline = slices.map((slice): SliceObservation => ({ observedAt: iso(at), slice }));
  return withPod(track, name, { pod: next, slices: baseline, dataplane: [], gone: false, done: false });
}

function trackSlice(track: RolloutTrack, slice: EndpointSlice | undefined, deleted: boolean, at: number, slices: readonly EndpointSlice[]): RolloutTrack {
  if (!slice || track.size === 0) return track;
  let next = track;
  for (const [name, followed] of track) {
    if (followed.done || followed.slices.length >= OBSERVATIONS_PER_POD) continue;
    const observation: SliceObservation = { observedAt: iso(at), slice, ...(deleted ? { deleted: true } : {}) };
    const done = followed.gone && !inAnySlice(followed.pod, slices);
    next = withPod(next, name, { ...followed, slices: [...followed.slices, observation], done });
  }
  return next;
}

function withPod(track: RolloutTrack, name: string, pod: RolloutPod): RolloutTrack {
  const next = new Map(track);
  next.delete(name);
  next.set(name, pod);
  if (next.size > TRACKED_PODS) {
    const oldest = [...next].find(([, p]) => p.done)?.[0] ?? next.keys().next().value;
    if (oldest !== undefined) next.delete(oldest);
  }
  return next;
}

function inAnySlice(pod: Pod, slices: readonly EndpointSlice[]): boolean {
  const uid = pod.metadata.uid;
  return slices.some((s) => (s.endpoints ?? []).some((e) => (uid && e.targetRef?.uid ? e.targetRef.uid === uid : e.targetRef?.name === pod.metadata.name)));
}

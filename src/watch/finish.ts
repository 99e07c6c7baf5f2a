/**
 * Ends a reducer step: recomputes the explanation once, then turns the drafted changes into
 * numbered transitions, in order, measuring each endpoint change from the pod transition that
 * caused it (evidence.ts) and giving each pod that turns not Ready the root cause `explain` now
 * reports.
 */
import type { Explanation } from '../explain/types.ts';
import type { Draft, Step } from './apply.ts';
import type { Change } from './changes/change.ts';
import { directionOf, latencyFrom, type PodAnchor } from './evidence.ts';
import { addLatency } from './latency.ts';
import { recompute } from './recompute.ts';
import type { WatchState } from './state.ts';
import { kindMap } from './store.ts';
import { appendTimeline } from './timeline.ts';
import type { TimelineEntry, Transition } from './types.ts';

/** Pods gone from the store keep their anchor a while (their endpoints are removed after them), up to this many. */
const GONE_ANCHORS = 1024;

export function finishStep(step: Step): WatchState {
  const { explanation, problem } = step.dirty ? recompute(step.state) : { explanation: step.state.explanation, problem: step.state.problem };
  let state: WatchState = { ...step.state, explanation, problem };
  const anchors = new Map(state.anchors);
  const sliceChanges = new Map(state.sliceChanges);
  let latency = state.latency;
  const measured = new Set<string>();
  const transitions: Transition[] = [];
  const entries: TimelineEntry[] = [];
  for (const draft of step.drafts) {
    if (draft.type === 'entry') {
      entries.push(draft.entry);
      continue;
    }
    const transition = numbered(draft, state.counts.transitions + transitions.length + 1, anchors, explanation);
    measureRule(transition, sliceChanges);
    transitions.push(transition);
    entries.push({ type: 'transition', transition });
    if (transition.source === 'dataplane') {
      if (typeof transition.sinceSliceChangeSeconds === 'number') latency = { ...latency, dataplane: addLatency(latency.dataplane, transition.sinceSliceChangeSeconds) };
      continue;
    }
    // One update of one object for one pod is one propagation, however many conditions it flips.
    const once = `${transition.object}|${transition.pod}|${transition.at}`;
    const seconds = transition.sincePodTransitionSeconds;
    if (typeof seconds === 'number' && transition.source !== 'pod' && !measured.has(once)) {
      measured.add(once);
      latency = { ...latency, [transition.source]: addLatency(latency[transition.source], seconds) };
    }
  }
  state = {
    ...state,
    anchors: pruneAnchors(anchors, state),
    sliceChanges: pruneSliceChanges(sliceChanges),
    latency,
    latest: transitions,
    timeline: appendTimeline(state.timeline, entries, state.timelineLimit),
    counts: {
      ...state.counts,
      transitions: state.counts.transitions + transitions.length,
      podTransitions: state.counts.podTransitions + transitions.filter((t) => t.source === 'pod').length,
      ruleTransitions: state.counts.ruleTransitions + transitions.filter((t) => t.source === 'dataplane').length,
    },
  };
  return state;
}

function numbered(draft: Extract<Draft, { type: 'change' }>, seq: number, anchors: Map<string, PodAnchor>, explanation: Explanation | null): Transition {
  const { change, seen } = draft;
  const transition: Transition = { seq, ...change };
  if (seen === 'relist') transition.viaRelist = true;
  if (seen === 'replay') transition.replayed = true;
  if (change.source === 'pod') {
    if (change.pod !== null) {
      // Re-inserted so the map's order is oldest-first for pruning. A transition not seen as it
      // happened anchors nothing: its time is not on the clock endpoint changes are measured by.
      anchors.delete(change.pod);
      anchors.set(change.pod, { at: seen === 'live' ? change.at : null, direction: directionOf(change), readySince: draft.readySince });
    }
    const reason = notReadyReason(change, explanation);
    if (reason) transition.reason = reason;
    return transition;
  }
  // A node's rule change is measured from the address's slice change (measureRule), not from the pod.
  if (change.source === 'dataplane') return transition;
  const anchor = change.pod === null ? undefined : anchors.get(change.pod);
  transition.sincePodTransitionSeconds = seen === 'live' ? latencyFrom(anchor, change, draft.trigger) : null;
  return transition;
}

/** The root cause explain gives for a pod that has just turned not Ready. */
function notReadyReason(change: Change, explanation: Explanation | null): string | null {
  if (change.field !== 'Ready' || change.to === 'True' || change.to === null) return null;
  const pod = explanation?.pods.find((p) => p.name === change.pod);
  return pod?.reasons[0]?.message ?? null;
}

/**
 * An EndpointSlice change of an address is what the node's kube-proxy follows (it syncs from its
 * slice cache, pkg/proxy/endpointslicecache.go): a rule change is measured from the address's
 * last one; a relist or a replay saw no moment, so it resets the anchor.
 */
function measureRule(transition: Transition, sliceChanges: Map<string, number>): void {
  if (transition.address === null) return;
  if (transition.source === 'endpointslice') {
    sliceChanges.delete(transition.address);
    if (!transition.viaRelist && !transition.replayed) sliceChanges.set(transition.address, transition.at);
  }
  if (transition.source !== 'dataplane') return;
  const anchor = sliceChanges.get(transition.address);
  transition.sinceSliceChangeSeconds = anchor === undefined ? null : Math.round(transition.at - anchor) / 1000;
}

/** The oldest slice changes go first past this many addresses (a rollout of thousands of pods). */
const SLICE_CHANGES_MAX = 4096;

function pruneSliceChanges(sliceChanges: Map<string, number>): ReadonlyMap<string, number> {
  for (const address of sliceChanges.keys()) {
    if (sliceChanges.size <= SLICE_CHANGES_MAX) break;
    sliceChanges.delete(address);
  }
  return sliceChanges;
}

function pruneAnchors(anchors: Map<string, PodAnchor>, state: WatchState): ReadonlyMap<string, PodAnchor> {
  const pods = kindMap(state.objects, 'Pod');
  // Cheap bound first: anchors never outnumber live pods plus the allowance for gone ones.
  if (anchors.size <= pods.size + GONE_ANCHORS) return anchors;
  const namespace = state.target.namespace;
  let gone = 0;
  for (const name of anchors.keys()) if (!pods.has(`${namespace}/${name}`)) gone++;
  for (const name of [...anchors.keys()]) {
    if (gone <= GONE_ANCHORS) break;
    if (!pods.has(`${namespace}/${name}`)) {
      anchors.delete(name);
      gone--;
    }
  }
  return anchors;
}

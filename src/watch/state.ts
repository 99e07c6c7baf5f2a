/**
 * Everything watch mode knows at one moment: the accumulated objects and the explanation built
 * from them, the timeline, latency figures and connection health. Immutable: the reducer returns
 * a new state that shares what did not change.
 */
import type { Explanation } from '../explain/types.ts';
import type { PodAnchor } from './evidence.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { LatencyStats } from './latency.ts';
import { NO_LATENCY } from './latency.ts';
import { NO_ROLLOUT, type RolloutTrack } from './rollout.ts';
import type { ObjectStore } from './store.ts';
import type { ConnectionState, TimelineEntry, Transition, WatchKind } from './types.ts';

export interface WatchTarget {
  name: string;
  namespace: string;
}

export interface ConnectionStatus {
  state: ConnectionState;
  detail: string;
  since: number;
}

export interface WatchCounts {
  /** Watch events applied. */
  events: number;
  /** Lists after the first one of a kind (410 Gone, selector change). */
  relists: number;
  /** Times a watch stream had to be re-established after a failure. */
  reconnects: number;
  transitions: number;
  podTransitions: number;
  /** Rule transitions of the nodes (--collect-dataplane). */
  ruleTransitions: number;
}

export interface WatchState {
  target: WatchTarget;
  /** Kinds the source feeds; the others are unknown to explain ("not watched"). */
  watched: readonly WatchKind[];
  objects: ObjectStore;
  /** Kinds whose first complete list has arrived; before that, changes are the baseline, not transitions. */
  synced: ReadonlySet<WatchKind>;
  /** Kinds the source cannot read, and why ("forbidden: ..."). */
  unavailable: ReadonlyMap<WatchKind, string>;
  explanation: Explanation | null;
  /** Why there is no explanation (the Service is missing), else null. */
  problem: string | null;
  timeline: readonly TimelineEntry[];
  timelineLimit: number;
  /** The transitions the last action produced, in order (what NDJSON prints). */
  latest: readonly Transition[];
  /** Per pod, its last transition, which endpoint changes are measured from (evidence.ts). */
  anchors: ReadonlyMap<string, PodAnchor>;
  /** Per kind, when its watch stream last came back after a reconnect: what it delivers first may be replayed. */
  resumedAt: ReadonlyMap<WatchKind, number>;
  latency: { endpointslice: LatencyStats; endpoints: LatencyStats; dataplane: LatencyStats };
  /** --collect-dataplane: each node's last read; null when the watch does not read the nodes. */
  dataplane: ReadonlyMap<string, NodeDataplane> | null;
  /** Per endpoint address, when its EndpointSlice endpoint last changed: what a rule change is measured from. */
  sliceChanges: ReadonlyMap<string, number>;
  connections: ReadonlyMap<WatchKind, ConnectionStatus>;
  /** Pods seen to start terminating, with the slice writes since: the termination window (rollout.ts). */
  rollout: RolloutTrack;
  counts: WatchCounts;
  startedAt: number | null;
  now: number;
}

/** A node's last read: the Service's rules there (and the addresses they send to), or why they are unknown. */
export type NodeDataplane = { at: number; rules: readonly NodeRules[]; addresses: ReadonlySet<string> } | { at: number; unknown: string };

export function initialWatchState(target: WatchTarget, watched: readonly WatchKind[], options: { timelineLimit?: number; dataplane?: boolean } = {}): WatchState {
  return {
    target,
    watched,
    objects: new Map(),
    synced: new Set(),
    unavailable: new Map(),
    explanation: null,
    problem: null,
    timeline: [],
    timelineLimit: options.timelineLimit ?? 200,
    latest: [],
    anchors: new Map(),
    resumedAt: new Map(),
    latency: { endpointslice: NO_LATENCY, endpoints: NO_LATENCY, dataplane: NO_LATENCY },
    dataplane: options.dataplane ? new Map() : null,
    sliceChanges: new Map(),
    connections: new Map(),
    rollout: NO_ROLLOUT,
    counts: { events: 0, relists: 0, reconnects: 0, transitions: 0, podTransitions: 0, ruleTransitions: 0 },
    startedAt: null,
    now: 0,
  };
}

/** Every watched kind has delivered its first list: the picture is complete. */
export function fullySynced(state: WatchState): boolean {
  return state.watched.every((kind) => state.synced.has(kind) || state.unavailable.has(kind));
}

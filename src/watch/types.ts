/**
 * The vocabulary of watch mode: what the sources (live informers, the demo drill) tell the reducer
 * (WatchAction), and what the reducer derives (Transition, TimelineEntry). Times are epoch
 * milliseconds taken from the actions, never from a clock inside the reducer.
 */
import type { KubeObject } from '../kubernetes/objects.ts';
import type { NodeRules } from '../dataplane/types.ts';

/** The kinds watch mode accumulates. Node is only fed by the demo (the live watch leaves it unknown). */
export const WATCH_KINDS = ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event', 'Node'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

export type WatchAction =
  /** One watch event, as it arrived. */
  | { type: 'event'; kind: WatchKind; event: WatchEventType; object: KubeObject; at: number }
  /** The source has delivered the complete current list of `kind` (initial events are over). */
  | { type: 'synced'; kind: WatchKind; at: number }
  /** A fresh list of `kind` replaces what was accumulated (first list, or relist after 410 Gone). */
  | { type: 'relisted'; kind: WatchKind; objects: readonly KubeObject[]; at: number }
  | { type: 'connection'; kind: WatchKind; state: ConnectionState; detail: string; at: number }
  /** The source cannot read `kind` (forbidden by RBAC, no selector to watch by): explain treats it as unknown. */
  | { type: 'unavailable'; kind: WatchKind; why: string; at: number }
  /** Time passes (header clock); changes no object. */
  | { type: 'tick'; at: number }
  /** What one read of the nodes' rules found (--collect-dataplane), node by node, decoded for the Service. */
  | { type: 'node-rules'; reads: readonly NodeRulesRead[]; at: number }
  /** A line of narration on the timeline (the demo says what it does to the pod). */
  | { type: 'note'; text: string; at: number }
  /** Several actions applied together, with one recomputation of the explanation at the end. */
  | { type: 'batch'; actions: readonly WatchAction[] };

/** One node in one read of the rules: what its dataplane holds for the Service, or why it could not be read. */
export type NodeRulesRead = { node: string; rules: readonly NodeRules[] } | { node: string; unknown: string };

/**
 * The field that changed, by object: pod `Ready`/`terminating`/`exists`, and for a pod with
 * readiness gates `ContainersReady` and each `gate` (the condition named in `gate`); slice endpoint
 * `ready`/`serving`/`terminating`/`exists`; Endpoints `address`; a node's `rule` for an address
 * (`present`/`absent`).
 */
export type TransitionField = 'Ready' | 'ContainersReady' | 'gate' | 'terminating' | 'exists' | 'ready' | 'serving' | 'address' | 'rule';

export type TransitionSource = 'pod' | 'endpointslice' | 'endpoints' | 'dataplane';

/** Where an Endpoints address is listed. */
export type EndpointsList = 'addresses' | 'notReadyAddresses' | 'absent';

export interface Transition {
  /** 1, 2, 3...: the order transitions were derived in. */
  seq: number;
  at: number;
  source: TransitionSource;
  /** `pod/NAME`, `endpointslice/NAME`, `endpoints/NAME`, `node/NAME` (its rules). */
  object: string;
  /** The pod concerned (a slice endpoint's or Endpoints address's targetRef), when known. */
  pod: string | null;
  /** The endpoint address, for slice and Endpoints changes. */
  address: string | null;
  field: TransitionField;
  from: string | boolean | null;
  to: string | boolean | null;
  /** Endpoint changes: seconds since the pod's last observed transition; null when there is none to measure from. */
  sincePodTransitionSeconds?: number | null;
  /** Rule changes: seconds since the address's last EndpointSlice change; null when none was seen. */
  sinceSliceChangeSeconds?: number | null;
  /** Why, for a pod that turns not Ready: the root cause `explain` gives. */
  reason?: string;
  /** For a `gate` change: the readiness gate's condition type (`target-health.elbv2.k8s.aws/...`). */
  gate?: string;
  /** Derived by comparing a relist with what was known before, not seen as it happened. */
  viaRelist?: boolean;
  /**
   * Delivered by a watch stream that resumed after a reconnect, for a change made while it was
   * down: `at` is the object's own time of the change, and it is left out of latency figures.
   */
  replayed?: boolean;
}

export type TimelineEntry =
  | { type: 'transition'; transition: Transition }
  | { type: 'note'; at: number; text: string }
  /** A Warning event; `replayed`: seen on a relist or a resumed stream, `at` is then the event's own time. */
  | { type: 'event'; at: number; pod: string; reason: string; message: string; count: number; replayed?: boolean }
  | { type: 'connection'; at: number; kind: WatchKind; state: ConnectionState; detail: string };

/**
 * Applies actions to the accumulated objects and notes what changed, without recomputing the
 * explanation: a batch of actions costs one recomputation (finish.ts), not one per action.
 */
import { LABEL_SERVICE_NAME, type EndpointSlice, type EventObject, type KubeObject, type Service } from '../kubernetes/objects.ts';
import { formatSelector } from '../kubernetes/labels.ts';
import type { Change } from './changes/change.ts';
import { applyNodeRules } from './dataplane.ts';
import { objectChanges } from './changes/objectChanges.ts';
import { changedAt, readySinceOf, replayed, triggerTimeOf } from './evidence.ts';
import { keepsEvent, podOfEvent, pruneEvents } from './podEvents.ts';
import { trackEvent } from './rollout.ts';
import type { WatchState } from './state.ts';
import { kindMap, objectKey, putObject, removeObject, replaceKind } from './store.ts';
import type { TimelineEntry, WatchAction, WatchKind } from './types.ts';

/** How a change was seen: as it happened, on a relist, or replayed by a resumed stream. */
export type Seen = 'live' | 'relist' | 'replay';

/**
 * A change before finish.ts numbers it: how it was seen, the controller's trigger time on the
 * object it came from (slices, Endpoints), and the pod's Ready transition time after it (pods).
 */
export type Draft =
  | { type: 'change'; change: Change; seen: Seen; trigger: number | null; readySince: number | null }
  | { type: 'entry'; entry: TimelineEntry };

export interface Step {
  state: WatchState;
  drafts: Draft[];
  /** Objects changed: the explanation must be recomputed. */
  dirty: boolean;
}

export function applyAction(step: Step, action: WatchAction): Step {
  if (action.type === 'batch') return action.actions.reduce(applyAction, step);
  const timed = { ...step, state: { ...step.state, now: Math.max(step.state.now, action.at), startedAt: step.state.startedAt ?? action.at } };
  switch (action.type) {
    case 'event':
      return applyEvent(timed, action);
    case 'relisted':
      return applyRelist(timed, action.kind, action.objects, action.at);
    case 'synced': {
      const objects = action.kind === 'Pod' ? pruneEvents(timed.state.objects) : timed.state.objects;
      return { ...timed, state: { ...timed.state, objects, synced: new Set(timed.state.synced).add(action.kind) }, dirty: true };
    }
    case 'connection':
      return applyConnection(timed, action);
    case 'unavailable': {
      const unavailable = new Map(timed.state.unavailable).set(action.kind, action.why);
      const objects = replaceKind(timed.state.objects, action.kind, []);
      const entry: TimelineEntry = { type: 'note', at: action.at, text: `${action.kind}: ${action.why}` };
      return { state: { ...timed.state, unavailable, objects }, drafts: [...timed.drafts, { type: 'entry', entry }], dirty: true };
    }
    case 'node-rules':
      return applyNodeRules(timed, action.reads, action.at);
    case 'note':
      return { ...timed, drafts: [...timed.drafts, { type: 'entry', entry: { type: 'note', at: action.at, text: action.text } }] };
    case 'tick':
      return timed;
  }
}

function applyEvent(step: Step, action: Extract<WatchAction, { type: 'event' }>): Step {
  const { kind, object, at } = action;
  const state = step.state;
  const key = objectKey(object);
  const prev = kindMap(state.objects, kind).get(key);
  const counts = { ...state.counts, events: state.counts.events + 1 };
  if (kind === 'Event' && action.event !== 'DELETED' && !keepsEvent(state.objects, state.synced.has('Pod'), object)) return { ...step, state: { ...state, counts } };
  let objects = action.event === 'DELETED' ? removeObject(state.objects, kind, key) : putObject(state.objects, kind, object);
  if (kind === 'Pod' && action.event === 'DELETED') objects = pruneEvents(objects);
  if (kind === 'Event' && action.event !== 'DELETED' && kindMap(objects, 'Event').size > kindMap(state.objects, 'Event').size) objects = pruneEvents(objects);
  const next = action.event === 'DELETED' ? undefined : object;
  // A stream that came back after a reconnect first replays what changed while it was down: that keeps its own time.
  const changed = changedAt(kind, next);
  const seen: Seen = replayed(changed, state.resumedAt.get(kind)) ? 'replay' : 'live';
  const when = seen === 'replay' && changed !== null ? changed : at;
  const synced = state.synced.has(kind);
  const drafts = synced ? [...step.drafts, ...draftsFor(kind, prev, next, when, seen)] : step.drafts;
  const rollout = synced ? trackEvent(state.rollout, kind, prev, next, when, serviceSlices(objects, state.target.name)) : state.rollout;
  return { state: { ...state, objects, counts, rollout }, drafts, dirty: true };
}

function serviceSlices(objects: WatchState['objects'], service: string): EndpointSlice[] {
  return [...kindMap(objects, 'EndpointSlice').values()].filter((s): s is EndpointSlice => s.metadata?.labels?.[LABEL_SERVICE_NAME] === service);
}

function applyRelist(step: Step, kind: WatchKind, listed: readonly KubeObject[], at: number): Step {
  const state = step.state;
  const wasSynced = state.synced.has(kind);
  const before = kindMap(state.objects, kind);
  const kept = kind === 'Event' ? listed.filter((o) => keepsEvent(state.objects, state.synced.has('Pod'), o)) : listed;
  let objects = replaceKind(state.objects, kind, kept);
  if (kind === 'Pod') objects = pruneEvents(objects);
  const drafts = [...step.drafts];
  if (wasSynced) {
    const after = kindMap(objects, kind);
    for (const key of new Set([...before.keys(), ...after.keys()])) drafts.push(...draftsFor(kind, before.get(key), after.get(key), at, 'relist'));
  }
  const counts = wasSynced ? { ...state.counts, relists: state.counts.relists + 1 } : state.counts;
  const unavailable = new Map(state.unavailable);
  unavailable.delete(kind);
  return { state: { ...state, objects, counts, unavailable, synced: new Set(state.synced).add(kind) }, drafts, dirty: true };
}

function applyConnection(step: Step, action: Extract<WatchAction, { type: 'connection' }>): Step {
  const state = step.state;
  const previous = state.connections.get(action.kind);
  if (previous?.state === action.state && previous.detail === action.detail) return step;
  const connections = new Map(state.connections).set(action.kind, { state: action.state, detail: action.detail, since: action.at });
  const reconnects = state.counts.reconnects + (action.state === 'reconnecting' && previous?.state !== 'reconnecting' ? 1 : 0);
  // Back after a reconnect: the stream continues from the last resourceVersion, replaying what it missed.
  const resumedAt = action.state === 'connected' && previous?.state === 'reconnecting' ? new Map(state.resumedAt).set(action.kind, action.at) : state.resumedAt;
  // The first connection of each kind is routine; changes after it are worth a timeline line.
  const noteworthy = previous !== undefined && !(previous.state === 'connecting' && action.state === 'connected');
  const drafts: Draft[] = noteworthy ? [...step.drafts, { type: 'entry', entry: { type: 'connection', at: action.at, kind: action.kind, state: action.state, detail: action.detail } }] : step.drafts;
  return { ...step, state: { ...state, connections, resumedAt, counts: { ...state.counts, reconnects } }, drafts };
}

/** Transitions, plus the timeline lines that are not transitions: warning events about a pod, a Service's new selector. */
function draftsFor(kind: WatchKind, prev: KubeObject | undefined, next: KubeObject | undefined, at: number, seen: Seen): Draft[] {
  const trigger = triggerTimeOf(next);
  const drafts: Draft[] = objectChanges(kind, prev, next, at).map((change) => ({ type: 'change', change, seen, trigger, readySince: change.field === 'Ready' ? readySinceOf(next) : null }));
  if (kind === 'Event' && next) {
    // An event a relist or a resumed stream brings back is shown at its own time, marked as such.
    const own = seen === 'live' ? null : changedAt('Event', next);
    const entry = warningEntry(prev as EventObject | undefined, next as EventObject, own ?? at);
    if (entry) drafts.push({ type: 'entry', entry: seen === 'live' ? entry : { ...entry, replayed: true } });
  }
  if (kind === 'Service' && prev && next) {
    const before = formatSelector((prev as Service).spec?.selector ?? {});
    const after = formatSelector((next as Service).spec?.selector ?? {});
    if (before !== after) drafts.push({ type: 'entry', entry: { type: 'note', at, text: `Service selector changed from ${before || '<none>'} to ${after || '<none>'}` } });
  }
  return drafts;
}

/** A Warning event that is new or happened again (its count went up). */
function warningEntry(prev: EventObject | undefined, next: EventObject, at: number): Extract<TimelineEntry, { type: 'event' }> | null {
  if (next.type !== 'Warning') return null;
  const count = next.series?.count ?? next.count ?? 1;
  const before = prev ? (prev.series?.count ?? prev.count ?? 1) : 0;
  if (prev && count <= before && prev.message === next.message) return null;
  return { type: 'event', at, pod: podOfEvent(next) ?? '', reason: next.reason ?? '', message: (next.message ?? '').replace(/\s+/g, ' ').trim(), count };
}

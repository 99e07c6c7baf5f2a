/**
 * A three-pod Service and the objects its controllers would write as one pod's readiness probe
 * fails and recovers, plus a helper that feeds actions through the reducer.
 */
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { watchReducer } from '../../src/watch/reducer.ts';
import { initialWatchState, type WatchState } from '../../src/watch/state.ts';
import type { WatchAction, WatchKind } from '../../src/watch/types.ts';
import { endpointFor, endpointsFor, pod, probeFailure, service, slice } from '../explain/builders.ts';

export const T0 = Date.parse('2024-07-03T07:59:00Z');
export const LIVE_KINDS: WatchKind[] = ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Event'];

export const names = { a: 'web-5d4f-qftwz', b: 'web-5d4f-mbcjg', c: 'web-5d4f-jl97z' } as const;
export const ips = { a: '10.244.0.6', b: '10.244.0.7', c: '10.244.0.8' } as const;

/** The three pods, with pod c ready or not. */
export function podsWith(cReady: boolean, extra: { cDeleting?: boolean } = {}): Pod[] {
  return [
    pod(names.a, { ip: ips.a }),
    pod(names.b, { ip: ips.b }),
    pod(names.c, { ip: ips.c, ready: cReady, deleting: extra.cDeleting ?? false }),
  ];
}

export const sliceOf = (pods: Pod[]) => slice('web-wscv5', pods.map((p) => endpointFor(p)));
export const PROBE_MESSAGE = "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory";
export const failureEvent = (count: number) => probeFailure(pod(names.c, { ip: ips.c }), PROBE_MESSAGE, count);

/** The relisted actions that load a healthy Service at `at`. */
export function baseline(at = T0, pods = podsWith(true)): WatchAction[] {
  const lists: [WatchKind, KubeObject[]][] = [['Service', [service()]], ['Pod', pods], ['EndpointSlice', [sliceOf(pods)]], ['Endpoints', [endpointsFor(pods)]], ['Event', []]];
  return lists.map(([kind, objects]) => ({ type: 'relisted', kind, objects, at }));
}

export const modified = (kind: WatchKind, object: KubeObject, at: number): WatchAction => ({ type: 'event', kind, event: 'MODIFIED', object, at });
export const added = (kind: WatchKind, object: KubeObject, at: number): WatchAction => ({ type: 'event', kind, event: 'ADDED', object, at });
export const deleted = (kind: WatchKind, object: KubeObject, at: number): WatchAction => ({ type: 'event', kind, event: 'DELETED', object, at });

/** Pod c fails its probe at T0+10s and recovers at T0+20s; slices follow 1 s later, Endpoints 1.15-1.2 s later. */
export function failureAndRecovery(): WatchAction[] {
  const down = podsWith(false);
  const up = podsWith(true);
  return [
    added('Event', failureEvent(3), T0 + 9_900),
    modified('Pod', down[2]!, T0 + 10_000),
    modified('EndpointSlice', sliceOf(down), T0 + 11_000),
    modified('Endpoints', endpointsFor(down), T0 + 11_150),
    modified('Pod', up[2]!, T0 + 20_000),
    modified('EndpointSlice', sliceOf(up), T0 + 21_000),
    modified('Endpoints', endpointsFor(up), T0 + 21_200),
  ];
}

export function run(actions: readonly WatchAction[], state: WatchState = initialWatchState({ name: 'web', namespace: 'default' }, LIVE_KINDS)): WatchState {
  return actions.reduce(watchReducer, state);
}

/** Every transition a sequence of actions produces, in order, as the reducer reported them. */
export function transitionsOf(actions: readonly WatchAction[], state?: WatchState) {
  const all = [];
  let current = state ?? run([]);
  for (const action of actions) {
    current = watchReducer(current, action);
    all.push(...current.latest);
  }
  return { state: current, transitions: all };
}

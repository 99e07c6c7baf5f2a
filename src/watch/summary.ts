/** The end-of-watch figures: what the final NDJSON line carries and the screen prints on exit. */
import { mergeLatency, summarizeLatency, type LatencySummary } from './latency.ts';
import { rolloutSummary, type RolloutSummary } from './rolloutSummary.ts';
import type { WatchState } from './state.ts';
import { kindMap } from './store.ts';
import type { Service } from '../kubernetes/objects.ts';

export interface WatchSummary {
  service: string;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number;
  /** Why the watch ended: "until all-ready", "for 30s", "quit", "interrupted", "drill finished"... */
  ended: string;
  transitions: number;
  podTransitions: number;
  endpointChanges: number;
  /**
   * Seconds from a pod's transition to the change it caused, per object kind and overall (`all`:
   * EndpointSlice and Endpoints); `dataplane` (with --collect-dataplane): from an address's
   * EndpointSlice change to the read that saw its node's rule change, so at most the interval more
   * than it took.
   */
  latencySeconds: { endpointslice: LatencySummary; endpoints: LatencySummary; all: LatencySummary; dataplane?: LatencySummary };
  /** Rule transitions seen on the nodes (--collect-dataplane). */
  ruleChanges?: number;
  pods: number;
  receiving: number;
  events: number;
  relists: number;
  reconnects: number;
  /** The pods seen to terminate (a rollout, a scale-in): how long each stayed routable, against their preStop sleep; null when none did. */
  rollout: RolloutSummary | null;
}

export function watchSummary(state: WatchState, ended: string): WatchSummary {
  const { endpointslice, endpoints } = state.latency;
  const { podTransitions } = state.counts;
  return {
    service: `${state.target.namespace}/${state.target.name}`,
    startedAt: state.startedAt === null ? null : new Date(state.startedAt).toISOString(),
    endedAt: state.startedAt === null ? null : new Date(state.now).toISOString(),
    durationSeconds: state.startedAt === null ? 0 : Math.round(state.now - state.startedAt) / 1000,
    ended,
    transitions: state.counts.transitions,
    podTransitions,
    endpointChanges: state.counts.transitions - podTransitions - state.counts.ruleTransitions,
    latencySeconds: {
      endpointslice: summarizeLatency(endpointslice),
      endpoints: summarizeLatency(endpoints),
      all: summarizeLatency(mergeLatency(endpointslice, endpoints)),
      ...(state.dataplane === null ? {} : { dataplane: summarizeLatency(state.latency.dataplane) }),
    },
    ...(state.dataplane === null ? {} : { ruleChanges: state.counts.ruleTransitions }),
    pods: state.explanation?.summary.pods ?? 0,
    receiving: state.explanation?.summary.receiving ?? 0,
    events: state.counts.events,
    relists: state.counts.relists,
    reconnects: state.counts.reconnects,
    rollout: rolloutSummary(state.rollout, kindMap(state.objects, 'Service').get(`${state.target.namespace}/${state.target.name}`) as Service | undefined),
  };
}

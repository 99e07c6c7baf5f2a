/**
 * What the summary says about the pods that terminated during the watch: for each, how long it
 * stayed routable (from its delete request to the first slice write the watch saw mark its
 * endpoint not ready, termination/propagation.ts) and when its endpoint left the slices; the
 * longest of those windows, against the pods' own preStop sleep (the delay between the delete and
 * SIGTERM, termination/prestop.ts); and the smallest preStop sleep that covers what was measured.
 */
import type { Service } from '../kubernetes/objects.ts';
import { servingContainers } from '../termination/pods.ts';
import { preStopDelay } from '../termination/prestop.ts';
import { measureEndpointRemoval, recommendPreStopSleep, type PreStopRecommendation, type RemovalMeasurement } from '../termination/propagation.ts';
import type { RolloutPod, RolloutTrack } from './rollout.ts';

export interface TerminatedPod {
  pod: string;
  /** Delete request to the first slice write seen showing the endpoint not ready; null when not seen. */
  routableSeconds: number | null;
  /** Delete request to the slice write seen removing the endpoint; null when not seen (yet). */
  removedSeconds: number | null;
  /** The serving containers' preStop delay, as read: `sleep action 5s`, `no preStop hook`... */
  preStop: string;
  /** Its length in seconds; null when there is none or it cannot be read. */
  preStopSeconds: number | null;
  /** What was not measured, and why. */
  missing: string[];
}

export interface RolloutSummary {
  terminated: TerminatedPod[];
  /** The longest window a terminating pod stayed routable; null when none was measured. */
  longest: { pod: string; seconds: number } | null;
  /** That window against the pods' preStop sleep (the shortest among them). */
  preStop: { verdict: 'covers' | 'shorter' | 'none' | 'unknown'; seconds: number | null; text: string } | null;
  recommendation: PreStopRecommendation;
}

export function rolloutSummary(track: RolloutTrack, service: Service | undefined): RolloutSummary | null {
  if (track.size === 0) return null;
  const measured = [...track.values()].map((p) => ({ followed: p, m: measure(p) }));
  const terminated = measured.map(({ followed, m }) => terminatedPod(followed, m, service));
  const windows = terminated.filter((t): t is TerminatedPod & { routableSeconds: number } => t.routableSeconds !== null);
  const longest = windows.reduce<{ pod: string; seconds: number } | null>((best, t) => (!best || t.routableSeconds > best.seconds ? { pod: t.pod, seconds: t.routableSeconds } : best), null);
  return { terminated, longest, preStop: longest ? compare(longest.seconds, terminated) : null, recommendation: recommendPreStopSleep(measured.map(({ m }) => m)) };
}

function measure(p: RolloutPod): RemovalMeasurement {
  return measureEndpointRemoval({ pod: p.pod, events: [], slices: p.slices, dataplane: p.dataplane, dataplaneMissing: 'node rules are not collected during a watch' });
}

function terminatedPod(p: RolloutPod, m: RemovalMeasurement, service: Service | undefined): TerminatedPod {
  const removed = m.milestones.find((x) => x.name === 'endpointRemoved')?.afterSeconds ?? null;
  const containers = service ? servingContainers(p.pod, service.spec?.ports ?? []) : [];
  const delays = containers.map((c) => preStopDelay(c.lifecycle?.preStop));
  const shortest = delays.reduce<(typeof delays)[number] | undefined>((a, d) => (!a ? d : rank(d) < rank(a) ? d : a), undefined);
  const seconds = shortest?.kind === 'sleep' ? shortest.seconds : null;
  return { pod: m.pod, routableSeconds: m.notReadyAfterSeconds, removedSeconds: removed, preStop: shortest ? shortest.how : 'no serving container named', preStopSeconds: seconds, missing: m.missing };
}

/** none < a sleep (by length) < forever; unknown sorts last (it says nothing). */
function rank(d: ReturnType<typeof preStopDelay>): number {
  return d.kind === 'none' ? -1 : d.kind === 'sleep' ? d.seconds : d.kind === 'forever' ? Number.MAX_SAFE_INTEGER : Number.POSITIVE_INFINITY;
}

function compare(window: number, pods: readonly TerminatedPod[]): NonNullable<RolloutSummary['preStop']> {
  const known = pods.filter((p) => p.preStopSeconds !== null || p.preStop === 'no preStop hook');
  const tail = " (as far as the slices go: each node's proxy and any load balancer follow them, unmeasured)";
  if (known.length < pods.length) return { verdict: 'unknown', seconds: null, text: `the preStop delay of ${pods.filter((p) => !known.includes(p)).map((p) => p.pod).join(', ')} cannot be read (${pods.find((p) => !known.includes(p))?.preStop})` };
  const sleep = Math.min(...known.map((p) => p.preStopSeconds ?? 0));
  if (sleep === 0) return { verdict: 'none', seconds: 0, text: `no preStop delay: SIGTERM came while a pod was still routable for up to ${window.toFixed(1)} s` };
  if (sleep >= window) return { verdict: 'covers', seconds: sleep, text: `the preStop sleep (${sleep} s) covers it${tail}` };
  return { verdict: 'shorter', seconds: sleep, text: `the preStop sleep (${sleep} s) is shorter: the pod got SIGTERM while still routable${tail}` };
}

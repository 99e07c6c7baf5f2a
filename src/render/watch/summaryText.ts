/** The lines printed when the screen closes: the latency figures, then what happened. */
import type { LatencySummary } from '../../watch/latency.ts';
import type { RolloutSummary } from '../../watch/rolloutSummary.ts';
import type { WatchSummary } from '../../watch/summary.ts';
import { shortPodName } from '../../kubernetes/pod.ts';
import { printableDeep } from '../printable.ts';
import { elapsed, seconds } from './clock.ts';

export function summaryText(input: WatchSummary): string {
  const summary = printableDeep(input);
  const { endpointslice, endpoints } = summary.latencySeconds;
  const lines = [
    `Watched ${summary.service} for ${elapsed(summary.durationSeconds * 1000)} (${summary.ended}): ${summary.transitions} transitions.`,
    `${summary.receiving}/${summary.pods} pods receive traffic.`,
  ];
  if (endpointslice.count + endpoints.count === 0) lines.push('No endpoint change followed a pod transition, so there is no latency to report.');
  else {
    lines.push("Latency from a pod's transition to its endpoint change:");
    lines.push(`  EndpointSlice  ${latencyText(endpointslice)}`);
    lines.push(`  Endpoints      ${latencyText(endpoints)}`);
  }
  const rules = summary.latencySeconds.dataplane;
  if (rules) lines.push(rules.count === 0 ? 'No rule change on the nodes followed an EndpointSlice change.' : `Latency from an EndpointSlice change to the nodes' rules:\n  rules          ${latencyText(rules)}`);
  if (summary.reconnects > 0 || summary.relists > 0) lines.push(`Watch streams: ${summary.reconnects} reconnects, ${summary.relists} relists.`);
  if (summary.rollout) lines.push(...rolloutLines(summary.rollout));
  return `${lines.join('\n')}\n`;
}

/** The termination window of the pods that terminated during the watch, and the preStop sleep against it. */
function rolloutLines(r: RolloutSummary): string[] {
  const count = `${r.terminated.length} pod${r.terminated.length === 1 ? '' : 's'} terminated`;
  const head = r.longest
    ? `Rollout: ${count}; the longest stayed routable ${seconds(r.longest.seconds)} after its delete request (${shortName(r.longest.pod)}, until a slice showed it not ready)${r.preStop ? `: ${r.preStop.text}` : ''}.`
    : `Rollout: ${count}; no slice write marking one not ready was seen.`;
  const rows = r.terminated.map((t) => `  ${shortName(t.pod)}  routable ${t.routableSeconds === null ? '?' : seconds(t.routableSeconds)}, endpoint removed ${t.removedSeconds === null ? 'not seen' : `after ${seconds(t.removedSeconds)}`}, preStop: ${t.preStop}`);
  const rec = r.recommendation.measured ? `Minimum preStop sleep for what was measured: ${r.recommendation.seconds} s.` : `Minimum preStop sleep: nothing measured (${r.recommendation.why}).`;
  return [head, ...rows, rec];
}

const shortName = (name: string) => shortPodName({ name });

function latencyText(l: LatencySummary): string {
  if (l.count === 0 || l.min === null || l.median === null || l.max === null) return 'none measured';
  return `min ${seconds(l.min)}  median ${seconds(l.median)}  max ${seconds(l.max)}  (${l.count} change${l.count === 1 ? '' : 's'})`;
}

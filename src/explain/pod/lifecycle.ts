/**
 * Pod-level links of the chain. The EndpointSlice controller leaves out pods without an IP and pods
 * in a terminal phase (staging/src/k8s.io/endpointslice/utils.go ShouldPodBeInEndpoints), and marks
 * a pod with a deletionTimestamp terminating (podToEndpoint).
 */
import { isTerminating, podCondition } from '../../kubernetes/pod.ts';
import type { PodView } from '../../model/view.ts';
import type { PodReadiness } from '../readiness/readiness.ts';
import type { Cause } from '../types.ts';

export function lifecycleReasons(pod: PodView): Cause[] {
  if (pod.phantom) return [];
  const reasons: Cause[] = [];
  const phase = pod.pod.status?.phase;
  if (phase && phase !== 'Running') reasons.push({ code: 'PodNotRunning', message: `phase ${phase}${phaseDetail(pod)}` });
  if (pod.ips.length === 0) reasons.push({ code: 'NoPodIP', message: 'no pod IP yet' });
  if (isTerminating(pod.pod)) reasons.push({ code: 'Terminating', message: terminatingMessage(pod) });
  return reasons;
}

/**
 * deletionTimestamp is not when the pod was deleted but when its grace period runs out: the API
 * server sets it to now + deletionGracePeriodSeconds (staging/src/k8s.io/apiserver/pkg/registry/rest
 * delete.go BeforeDelete). The deletion time is that minus the grace period.
 */
function terminatingMessage(pod: PodView): string {
  const meta = pod.pod.metadata;
  const end = meta.deletionTimestamp ?? '';
  const grace = meta.deletionGracePeriodSeconds;
  const endMs = Date.parse(end);
  if (grace === undefined || Number.isNaN(endMs)) return `terminating: its grace period ends at ${end}`;
  const deleted = new Date(endMs - grace * 1000).toISOString().replace(/\.000Z$/, 'Z');
  return `terminating: deleted at ${deleted}, ${grace}s grace period ends at ${end}`;
}

function phaseDetail(pod: PodView): string {
  const status = pod.pod.status;
  if (status?.reason) return ` (${status.reason}${status.message ? `: ${oneLine(status.message)}` : ''})`;
  const scheduled = podCondition(pod.pod, 'PodScheduled');
  if (scheduled && scheduled.status !== 'True') {
    return ` (${scheduled.reason ?? 'not scheduled'}${scheduled.message ? `: ${oneLine(scheduled.message)}` : ''})`;
  }
  return '';
}

/** Readiness causes, then the Ready condition itself as the link they lead to. */
export function readinessReasons(pod: PodView, readiness: PodReadiness): Cause[] {
  if (pod.phantom || readiness.ready === 'True') return [];
  const phase = pod.pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return [];
  // Without an IP the controllers skip the pod whatever its readiness (ShouldPodBeInEndpoints):
  // the Ready condition is not a link then, only what its containers are doing.
  if (pod.ips.length === 0) return readiness.causes.filter((r) => r.code !== 'PodNotReady');
  const reasons = [...readiness.causes];
  const ready = readiness.ready;
  if (!reasons.some((r) => r.code === 'PodNotReady')) {
    reasons.push({ code: 'PodNotReady', message: ready ? `Ready=${ready}` : 'no Ready condition' });
  }
  return reasons;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

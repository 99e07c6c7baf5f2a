/**
 * What the kubelet writes when a pod's readiness changes: every container's `ready`, and the
 * pod's ContainersReady and Ready conditions (reason ContainersNotReady, message naming the
 * unready containers), with lastTransitionTime moved only when a status actually flips.
 */
import type { ContainerStatus, KubeObject, Pod, PodCondition } from '../../src/kubernetes/objects.ts';
import { rfc3339 } from './store.ts';

export interface ReadinessOptions {
  /** Condition reason when not ready (default ContainersNotReady). */
  reason?: string;
  /** Condition message when not ready (default "containers with unready status: [web]"). */
  message?: string;
  /**
   * Also do what the endpoint controllers would: flip the pod's endpoints in existing EndpointSlices
   * and Endpoints (each a further MODIFIED). Default false: only the pod changes.
   */
  endpoints?: boolean;
}

export function withReadiness(obj: KubeObject, ready: boolean, opts: ReadinessOptions = {}, now = new Date()): KubeObject {
  const pod = obj as Pod;
  const status = (pod.status ??= {});
  const containers: ContainerStatus[] = status.containerStatuses ?? [];
  for (const c of containers) {
    c.ready = ready;
    if (ready) c.started = true;
  }
  const unready = containers.map((c) => c.name).join(' ');
  const reason = opts.reason ?? 'ContainersNotReady';
  const message = opts.message ?? `containers with unready status: [${unready}]`;
  const conditions = (status.conditions ??= []);
  for (const type of ['Ready', 'ContainersReady']) setCondition(conditions, type, ready, reason, message, rfc3339(now));
  return pod;
}

function setCondition(conditions: PodCondition[], type: string, ready: boolean, reason: string, message: string, now: string): void {
  let condition = conditions.find((c) => c.type === type);
  if (!condition) {
    condition = { type, status: 'Unknown', lastProbeTime: null };
    conditions.push(condition);
  }
  const status = ready ? 'True' : 'False';
  if (condition.status !== status) condition.lastTransitionTime = now;
  condition.status = status;
  if (ready) {
    delete condition.reason;
    delete condition.message;
  } else {
    condition.reason = reason;
    condition.message = message;
  }
}

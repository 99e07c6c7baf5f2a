/**
 * The pods and containers a termination fact is about. Facts are stated once per group of pods that
 * share the values the fact reads (usually one group per ReplicaSet), naming the pods.
 */
import { resolveTargetPort } from '../endpointslice/ports.ts';
import { read, type Evidence } from '../kubernetes/evidence.ts';
import type { Container, Pod, ServicePort } from '../kubernetes/objects.ts';
import { shortPodName } from '../kubernetes/pod.ts';
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from './types.ts';

/**
 * The containers that serve a Service port on this pod: those declaring the container port the
 * targetPort resolves to. When none declares it (containerPort lists are informational) and the pod
 * has a single container, that one; otherwise none can be named.
 */
export function servingContainers(pod: Pod, servicePorts: readonly ServicePort[]): Container[] {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  const found = new Set<Container>();
  for (const servicePort of servicePorts) {
    const port = resolveTargetPort(pod, servicePort);
    const declaring = all.filter((c) => (c.ports ?? []).some((p) => p.containerPort === port));
    for (const c of declaring) found.add(c);
    if (declaring.length === 0 && pod.spec?.containers?.length === 1) found.add(pod.spec.containers[0]!);
  }
  return [...found];
}

/** spec.terminationGracePeriodSeconds, or the API default when a hand-written pod omits it. */
export function gracePeriod(pod: Pod): { seconds: number; evidence: Evidence } {
  const value = pod.spec?.terminationGracePeriodSeconds;
  return { seconds: value ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, evidence: read(pod, 'spec.terminationGracePeriodSeconds', value) };
}

export interface PodGroup<T> {
  pods: Pod[];
  value: T;
}

/** Rows of (pod, value) grouped by value; `key` says when two values are the same. */
export function groupPods<T>(rows: readonly { pod: Pod; value: T }[], key: (value: T) => string): PodGroup<T>[] {
  const groups = new Map<string, PodGroup<T>>();
  for (const { pod, value } of rows) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.pods.push(pod);
    else groups.set(k, { pods: [pod], value });
  }
  return [...groups.values()];
}

/** Pods named in a subject; past it, "and N more" (a 1,200-pod Service is one fact, one line). */
const NAMED_PODS = 5;

/** `pods 7kq2w, m9x4z of web-5f7d9c6b8 (container web)`, or the full name for a single pod. */
export function podsSubject(pods: readonly Pod[], container?: string): string {
  const suffix = container ? ` (container ${container})` : '';
  if (pods.length === 1) return `pod ${pods[0]!.metadata.name}${suffix}`;
  const generate = pods[0]!.metadata.generateName;
  const sameSet = generate && pods.every((p) => p.metadata.generateName === generate);
  const shown = pods.slice(0, NAMED_PODS).map((p) => (sameSet ? shortPodName(p.metadata) : p.metadata.name)).join(', ');
  const names = pods.length > NAMED_PODS ? `${shown} and ${pods.length - NAMED_PODS} more` : shown;
  return sameSet ? `pods ${names} of ${generate.replace(/-$/, '')}${suffix}` : `pods ${names}${suffix}`;
}

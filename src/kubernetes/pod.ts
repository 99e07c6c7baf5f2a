import type { Pod, PodCondition } from './objects.ts';

/** Every IP of the pod: status.podIPs (dual-stack), else status.podIP. */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter(Boolean);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** Pods in a terminal phase never come back; the controllers drop them (podutil.IsPodTerminal). */
export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function isTerminating(pod: Pod): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

/**
 * The part of a generated name that tells pods apart: `jl97z` for
 * `readiness-deployment-b5d4f7c47-jl97z` (a ReplicaSet pod, generateName + 5 characters).
 */
export function shortPodName(pod: { name: string; generateName?: string }): string {
  const { name, generateName } = pod;
  if (generateName && name.startsWith(generateName) && name.length > generateName.length) {
    return name.slice(generateName.length);
  }
  return name;
}

export function ipFamily(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

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
 * What tells a pod apart from its siblings in a narrow column: `jl97z` for
 * `readiness-deployment-b5d4f7c47-jl97z`. ReplicaSet, DaemonSet and Job pods are named
 * generateName + 5 random characters (apiserver storage/names SimpleNameGenerator, from the
 * vowel-less alphabet of apimachinery util/rand). A StatefulSet pod has generateName "<set>-" too
 * (controller_utils.go GetPodFromTemplate) but is named "<set>-<ordinal>", and "2" alone says
 * nothing: a suffix of digits only keeps the whole name. Without generateName (a pod known only
 * by its name, or one named by hand) the last dash-separated part is the suffix only when it
 * could have been generated.
 */
export function shortPodName(pod: { name: string; generateName?: string }): string {
  const { name, generateName } = pod;
  const suffix = generateName ? (name.startsWith(generateName) ? name.slice(generateName.length) : '') : generatedSuffix(name);
  return suffix.length > 0 && !/^\d+$/.test(suffix) ? suffix : name;
}

/** utilrand's alphabet ("bcdfghjklmnpqrstvwxz2456789"), five of them after the last dash. */
function generatedSuffix(name: string): string {
  const last = name.slice(name.lastIndexOf('-') + 1);
  return last.length < name.length && /^[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(last) ? last : '';
}

export function ipFamily(ip: string): 'IPv4' | 'IPv6' {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

/** Short names on a narrow screen: `jl97z` for a ReplicaSet pod, `wscv5` for the Service's slice. */
import type { Explanation } from '../../explain/types.ts';
import { shortPodName } from '../../kubernetes/pod.ts';

/** The pod's short name as `explain` gives it; for a pod already gone, the same rule from its name alone. */
export function shortPod(name: string, explanation: Explanation | null): string {
  return explanation?.pods.find((p) => p.name === name)?.shortName ?? shortPodName({ name });
}

/** The EndpointSlice controller names slices `<service>-<random>`: the random part tells them apart. */
export function shortSlice(name: string, service: string): string {
  return name.startsWith(`${service}-`) && name.length > service.length + 1 ? name.slice(service.length + 1) : name;
}

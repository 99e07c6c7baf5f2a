/** Short names on a narrow screen: `jl97z` for a ReplicaSet pod, `wscv5` for the Service's slice. */
import type { Explanation } from '../../explain/types.ts';

export function shortPod(name: string, explanation: Explanation | null): string {
  const known = explanation?.pods.find((p) => p.name === name);
  if (known) return known.shortName;
  // A pod already gone: ReplicaSet and StatefulSet pods end in a distinguishing segment.
  const last = name.slice(name.lastIndexOf('-') + 1);
  return last.length > 0 && last.length < name.length ? last : name;
}

/** The EndpointSlice controller names slices `<service>-<random>`: the random part tells them apart. */
export function shortSlice(name: string, service: string): string {
  return name.startsWith(`${service}-`) && name.length > service.length + 1 ? name.slice(service.length + 1) : name;
}

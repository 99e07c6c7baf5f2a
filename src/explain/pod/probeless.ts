import type { PodView } from '../../model/view.ts';

/**
 * The containers whose missing readiness probe lets traffic in too early: those that declare a
 * port the Service targets, or every container when none declares one (a numeric targetPort need
 * not be declared). A container without a probe is ready once running (prober_manager.go
 * UpdatePodStatus), so a probeless sidecar next to a probed app container is harmless. A pod none
 * of whose service ports resolves gets no traffic anyway, and one with readiness gates waits for
 * them too: nothing to say then.
 */
export function probelessServingContainers(pod: PodView): string[] {
  // Readiness gates hold the pod back until their conditions are True (pkg/kubelet/status/generate.go
  // GeneratePodReadyCondition): it is not Ready as soon as its containers run, whatever their probes.
  if ((pod.pod.spec?.readinessGates ?? []).length > 0) return [];
  const containers = pod.pod.spec?.containers ?? [];
  const targets = new Set([...pod.targetPorts.values()].filter((port) => port !== null));
  if (containers.length === 0 || targets.size === 0) return [];
  const serving = containers.filter((c) => (c.ports ?? []).some((p) => targets.has(p.containerPort)));
  const candidates = serving.length > 0 ? serving : containers;
  const probeless = candidates.filter((c) => !c.readinessProbe).map((c) => c.name);
  return serving.length > 0 || probeless.length === containers.length ? probeless : [];
}

/**
 * Which container port a Service port's targetPort means for one pod, as the EndpointSlice and
 * Endpoints controllers compute it (pkg/api/v1/pod/util.go FindPort): a number is used as is; a
 * name is looked up among the pod's container ports with the same protocol (and, since 1.28, in
 * restartable init containers, i.e. sidecars). A pod without the named port gets no endpoint for
 * that service port (reconciler.go: "skip pods without the port", endpointslice utils getEndpointPorts).
 */
import type { Container, Pod, ServicePort } from '../kubernetes/objects.ts';

export function resolveTargetPort(pod: Pod, servicePort: ServicePort): number | null {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  for (const container of podContainers(pod)) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return null;
}

/** The containers that serve: regular ones and restartable init containers (sidecars). */
export function podContainers(pod: Pod): Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars];
}

/** The name a service port goes by in slices, rules and output: its name, else its number. */
export function servicePortLabel(port: ServicePort): string {
  return port.name ? port.name : String(port.port);
}

/**
 * A numeric targetPort that no container of a pod declares, while its containers declare others.
 * A hint, never a verdict: declaring ports is optional ("Not specifying a port here DOES NOT
 * prevent that port from being exposed. Any port which is listening on the default "0.0.0.0"
 * address inside a container will be accessible from the network", core/v1 Container.ports), and
 * kube-proxy DNATs to the number whatever the pod declares (only a named targetPort is looked up,
 * pkg/api/v1/pod/util.go FindPort). Pods that declare no port at all say nothing either way, and
 * a probe that checks the targetPort is evidence the app listens there: both stay silent.
 */
import { podContainers } from '../../endpointslice/ports.ts';
import type { Container, IntOrString, Pod } from '../../kubernetes/objects.ts';
import type { PodView, PortView } from '../../model/view.ts';
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

const MAX_NAMED = 3;

export function portFindings({ view }: FindingInput): Finding[] {
  const findings: Finding[] = [];
  for (const port of view.ports) {
    if (typeof port.spec.targetPort === 'string' && !/^\d+$/.test(port.spec.targetPort)) continue;
    const groups = new Map<string, string[]>();
    for (const pod of view.pods) {
      const elsewhere = undeclared(pod, port);
      if (elsewhere !== null) groups.set(elsewhere, [...(groups.get(elsewhere) ?? []), pod.pod.metadata.name]);
    }
    const target = Number(port.spec.targetPort ?? port.spec.port);
    for (const [declared, names] of groups) findings.push(finding(port, target, declared, names));
  }
  return findings;
}

/** What the pod's containers declare and probe instead of the targetPort, or null when there is nothing to say. */
function undeclared(view: PodView, port: PortView): string | null {
  const target = view.targetPorts.get(port.label);
  if (view.phantom || !view.selected || target === null || target === undefined) return null;
  const containers = podContainers(view.pod);
  const declared = containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
  if (declared.length === 0 || declared.some((d) => d.port === target && d.protocol === port.protocol)) return null;
  const probed = containers.flatMap((c) => probedPorts(c, view.pod));
  if (probed.includes(target)) return null;
  const parts = [`declare ${[...new Set(declared.map((d) => `${d.port}/${d.protocol}`))].join(', ')}`];
  if (probed.length > 0) parts.push(`probe ${[...new Set(probed)].join(', ')}`);
  return parts.join(' and ');
}

/** The ports a container's probes connect to, named ones resolved among its pod's container ports. */
function probedPorts(container: Container, pod: Pod): number[] {
  const ports: IntOrString[] = [];
  for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
    if (port !== undefined) ports.push(port);
  }
  return ports.flatMap((p) => {
    if (typeof p === 'number') return [p];
    if (/^\d+$/.test(p)) return [Number(p)];
    const named = podContainers(pod).flatMap((c) => c.ports ?? []).find((cp) => cp.name === p);
    return named ? [named.containerPort] : [];
  });
}

function finding(port: PortView, target: number, declared: string, names: string[]): Finding {
  const shown = names.slice(0, MAX_NAMED).join(', ') + (names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : '');
  const pods = names.length === 1 ? `pod ${shown}: its` : `${names.length} pods (${shown}): their`;
  return {
    code: 'TargetPortNotDeclared',
    severity: 'info',
    message: `targetPort ${target} of port ${port.label} is declared by no container of ${pods} containers ${declared}. Declaring ports is optional, so kube-proxy still sends the traffic to ${target}: it reaches the app only if the app listens on ${target}`,
  };
}

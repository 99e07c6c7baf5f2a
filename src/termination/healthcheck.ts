/**
 * HealthCheckPathMismatch. A load balancer with IP targets decides by its own health check which pods
 * get requests; the kubelet decides by the readiness probe which pods are endpoints. When the two
 * check different things, a pod can be healthy for one and not the other: seed 004's graceful
 * shutdown sets the ALB health-check path to the readiness path so that a preStop hook that fails
 * that path takes the pod out of the target group too. The probe's named port resolves among the
 * container's ports (the kubelet's prober); `traffic-port` is the pod port the target group sends to.
 */
import type { HealthCheck, LoadBalancerFront } from '../awslb/front.ts';
import { resolveTargetPort } from '../endpointslice/ports.ts';
import type { Container, Pod } from '../kubernetes/objects.ts';
import { read } from '../kubernetes/evidence.ts';
import { frontName } from './fronts.ts';
import { groupPods, podsSubject, servingContainers } from './pods.ts';
import type { TerminationFact } from './types.ts';

interface Comparison {
  container: string;
  probe: string;
  /** A port is null when it does not resolve. */
  lb: { port: number | null; path: string | null };
  readiness: { kind: 'http' | 'tcp' | 'other'; port: number | null; path: string | null };
}

export function healthCheckFacts(pods: readonly Pod[], front: LoadBalancerFront): TerminationFact[] {
  const name = frontName(front);
  const hc = front.healthCheck;
  if (!hc) return [{ code: 'HealthCheckPathMismatch', state: 'unknown', severity: 'info', subject: name, message: `Health check of ${name} unknown: ${front.unknown.join('; ')}`, evidence: front.evidence.healthCheck, fix: null }];
  const rows = pods.flatMap((pod) => {
    const container = servingContainers(pod, [front.servicePort]).find((c) => c.readinessProbe);
    return container ? [{ pod, value: compare(pod, container, hc, front) }] : [];
  });
  return groupPods(rows, (c) => JSON.stringify(c)).map(({ pods: group, value }) => fact(`${podsSubject(group, value.container)} behind ${name}`, value, hc, front, group[0]!));
}

function compare(pod: Pod, container: Container, hc: HealthCheck, front: LoadBalancerFront): Comparison {
  const probe = container.readinessProbe!;
  const trafficPort = resolveTargetPort(pod, front.servicePort);
  const lbPort = hc.port.kind === 'number' ? hc.port.port : trafficPort;
  const probePort = (port: number | string): number | null => (typeof port === 'number' ? port : /^\d+$/.test(port) ? Number(port) : (container.ports ?? []).find((p) => p.name === port)?.containerPort ?? null);
  const readiness: Comparison['readiness'] = probe.httpGet
    ? { kind: 'http', port: probePort(probe.httpGet.port), path: probe.httpGet.path || '/' }
    : probe.tcpSocket
      ? { kind: 'tcp', port: probePort(probe.tcpSocket.port), path: null }
      : { kind: 'other', port: null, path: null };
  const described = probe.httpGet ? `GET :${probe.httpGet.port}${probe.httpGet.path || '/'}` : probe.tcpSocket ? `tcp :${probe.tcpSocket.port}` : probe.exec ? `exec ${JSON.stringify(probe.exec.command ?? [])}` : 'grpc';
  return { container: container.name, probe: described, lb: { port: lbPort, path: hc.path }, readiness };
}

function fact(subject: string, c: Comparison, hc: HealthCheck, front: LoadBalancerFront, pod: Pod): TerminationFact {
  const index = (pod.spec?.containers ?? []).findIndex((x) => x.name === c.container);
  const evidence = [...front.evidence.healthCheck, read(pod, `spec.containers[${index}].readinessProbe`, c.probe)];
  const lb = `${hc.protocol}${c.lb.path ? ` ${c.lb.path}` : ''} on port ${c.lb.port ?? '(unresolved)'}`;
  const base = { code: 'HealthCheckPathMismatch' as const, subject, evidence };
  if (c.readiness.kind === 'other' || c.lb.port === null || c.readiness.port === null) {
    return { ...base, state: 'unknown', severity: 'info', message: `Cannot compare the load balancer's health check (${lb}) with the readiness probe (${c.probe}): ${c.readiness.kind === 'other' ? 'the probe has no path or port' : 'a port does not resolve'}`, fix: null };
  }
  const key = front.kind === 'NLB' ? 'service.beta.kubernetes.io/aws-load-balancer-healthcheck' : 'alb.ingress.kubernetes.io/healthcheck';
  const settings = [
    ...(hc.protocol === 'TCP' && c.readiness.kind === 'http' ? [`${key}-protocol: http`] : []),
    ...(c.readiness.kind === 'http' && c.lb.path !== c.readiness.path ? [`${key}-path: ${c.readiness.path}`] : []),
    ...(c.lb.port !== c.readiness.port ? [`${key}-port: "${c.readiness.port}"`] : []),
  ];
  const fixHttp = `Set ${settings.join(', ')}, so the target group checks what the readiness probe checks.`;
  if (c.lb.port !== c.readiness.port) {
    return { ...base, state: 'problem', severity: 'warning', message: `The load balancer checks ${lb}, the readiness probe ${c.probe}: different ports`, fix: fixHttp };
  }
  if (hc.protocol === 'TCP' && c.readiness.kind === 'http') {
    return { ...base, state: 'problem', severity: 'info', message: `The load balancer checks only that port ${c.lb.port} accepts TCP connections, the readiness probe ${c.probe}: a pod failing readiness (or a preStop hook that fails the health path) stays healthy in the target group until the controller deregisters it`, fix: fixHttp };
  }
  if (c.readiness.kind === 'tcp' && hc.protocol !== 'TCP') {
    return { ...base, state: 'problem', severity: 'info', message: `The load balancer checks ${lb}, the readiness probe only that port ${c.readiness.port} accepts TCP connections: a pod can be Ready while failing the load balancer's check, or the reverse`, fix: `Make the readiness probe an httpGet of ${c.lb.path ?? '/'} on port ${c.lb.port}, or point the health check at what the probe checks.` };
  }
  if (c.readiness.kind === 'http' && hc.protocol !== 'TCP' && c.lb.path !== c.readiness.path) {
    return { ...base, state: 'problem', severity: 'warning', message: `The load balancer checks ${lb}, the readiness probe ${c.probe}: different paths`, fix: fixHttp };
  }
  return { ...base, state: 'ok', severity: 'info', message: `The load balancer checks ${lb}, as the readiness probe (${c.probe}) does`, fix: null };
}

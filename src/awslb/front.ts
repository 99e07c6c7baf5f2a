/**
 * What the AWS Load Balancer Controller builds in front of one Service port: a target group of an
 * NLB (from the Service) or of an ALB (from an Ingress backend), described by the facts a rollout
 * depends on. Every value carries the fields it was read from; a value the controller would take
 * from a place we cannot read (a controller flag, an IngressClassParams object) is null.
 */
import type { Evidence } from '../kubernetes/evidence.ts';
import type { Service, ServicePort } from '../kubernetes/objects.ts';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS, DEREGISTRATION_DELAY_ATTRIBUTE, parseStringMap, type Found } from './annotations.ts';

export type TargetType = 'ip' | 'instance';

/** `traffic-port` (the port traffic is sent to: the pod's target port for IP targets) or a number. */
export type HealthCheckPort = { kind: 'traffic-port' } | { kind: 'number'; port: number };

export interface HealthCheck {
  protocol: 'TCP' | 'HTTP' | 'HTTPS';
  /** Null for TCP health checks, which have no path. */
  path: string | null;
  port: HealthCheckPort;
}

export interface LoadBalancerFront {
  /** The object that asks for the load balancer: `service/default/web` or `ingress/default/web`. */
  via: string;
  kind: 'NLB' | 'ALB';
  service: Service;
  servicePort: ServicePort;
  /** Null when a source we do not read decides it (say why in `unknown`). */
  targetType: TargetType | null;
  deregistrationDelaySeconds: number | null;
  /** True when no annotation sets the delay and Elastic Load Balancing's 300 s default applies. */
  deregistrationDelayDefaulted: boolean;
  /** Null when the annotations are malformed or name a port we cannot resolve. */
  healthCheck: HealthCheck | null;
  /** The fields each value was read from (absent annotations quoted with value null). */
  evidence: { targetType: Evidence[]; delay: Evidence[]; healthCheck: Evidence[] };
  /** What could not be established, in words: "target type: IngressClassParams alb-params not read". */
  unknown: string[];
}

/** deregistration_delay.timeout_seconds from a target-group-attributes annotation (0-3600 per the docs). */
export function deregistrationDelay(attributes: Found | null, front: Pick<LoadBalancerFront, 'evidence' | 'unknown'>): { seconds: number | null; defaulted: boolean } {
  if (!attributes) return { seconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS, defaulted: true };
  front.evidence.delay.push(attributes.evidence);
  const map = parseStringMap(attributes.value);
  const raw = map?.get(DEREGISTRATION_DELAY_ATTRIBUTE);
  if (map && raw === undefined) return { seconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS, defaulted: true };
  if (raw !== undefined && /^\d+$/.test(raw) && Number(raw) <= 3600) return { seconds: Number(raw), defaulted: false };
  front.unknown.push(`deregistration delay: cannot read ${attributes.evidence.field} = "${attributes.value}"`);
  return { seconds: null, defaulted: false };
}

/**
 * A health-check port annotation for IP targets, resolved as the controller does
 * (pkg/service/model_build_target_group.go and pkg/ingress/model_build_target_group.go
 * buildTargetGroupHealthCheckPort): `traffic-port`, a number, or the name of a Service port, which
 * for IP targets means that port's numeric targetPort.
 */
export function healthCheckPort(raw: string | null, service: Service): HealthCheckPort | null {
  if (raw === null || raw === 'traffic-port') return { kind: 'traffic-port' };
  if (/^\d+$/.test(raw)) return { kind: 'number', port: Number(raw) };
  const named = service.spec?.ports?.find((p) => p.name === raw);
  if (named && typeof named.targetPort === 'number') return { kind: 'number', port: named.targetPort };
  return null;
}

export function newFront(via: string, kind: 'NLB' | 'ALB', service: Service, servicePort: ServicePort): LoadBalancerFront {
  return {
    via,
    kind,
    service,
    servicePort,
    targetType: null,
    deregistrationDelaySeconds: null,
    deregistrationDelayDefaulted: false,
    healthCheck: null,
    evidence: { targetType: [], delay: [], healthCheck: [] },
    unknown: [],
  };
}

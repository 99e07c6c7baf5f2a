/**
 * The NLB the AWS Load Balancer Controller builds for a Service of type LoadBalancer
 * (pkg/service/model_build_target_group.go; docs/guide/service/annotations.md).
 */
import { annotation, objectRef, read } from '../kubernetes/evidence.ts';
import type { Service } from '../kubernetes/objects.ts';
import { findAnnotation, NLB_LOAD_BALANCER_CLASS, SERVICE_PREFIX } from './annotations.ts';
import { deregistrationDelay, healthCheckPort, newFront, type HealthCheck, type LoadBalancerFront, type TargetType } from './front.ts';

const key = (suffix: string): string => `${SERVICE_PREFIX}/${suffix}`;

/**
 * Whether this controller reconciles the Service: `spec.loadBalancerClass: service.k8s.aws/nlb`
 * (set by its webhook since v2.5), or, on older setups, `aws-load-balancer-type: external | nlb-ip`
 * ("Legacy Cloud Provider" in the annotations guide). Any other LoadBalancer Service belongs to
 * another controller.
 */
export function isAwsNlbService(service: Service): boolean {
  if (service.spec?.type !== 'LoadBalancer') return false;
  if (service.spec.loadBalancerClass !== undefined) return service.spec.loadBalancerClass === NLB_LOAD_BALANCER_CLASS;
  const type = service.metadata.annotations?.[key('aws-load-balancer-type')];
  return type === 'external' || type === 'nlb-ip';
}

/** One front per Service port: the controller builds a target group per port. */
export function nlbFronts(service: Service): LoadBalancerFront[] {
  if (!isAwsNlbService(service)) return [];
  return (service.spec?.ports ?? []).map((servicePort) => {
    const front = newFront(objectRef(service), 'NLB', service, servicePort);
    front.targetType = nlbTargetType(service, front);
    const attributes = findAnnotation([service], `${key('aws-load-balancer-target-group-attributes')}.${servicePort.port}`) ?? findAnnotation([service], key('aws-load-balancer-target-group-attributes'));
    if (!attributes) front.evidence.delay.push(annotation(service, key('aws-load-balancer-target-group-attributes')));
    const delay = deregistrationDelay(attributes, front);
    front.deregistrationDelaySeconds = delay.seconds;
    front.deregistrationDelayDefaulted = delay.defaulted;
    front.healthCheck = front.targetType === 'ip' ? nlbHealthCheck(service, front) : null;
    return front;
  });
}

/**
 * buildTargetType: `nlb-ip` type or `ip` target type give IP targets; otherwise instance. With no
 * annotation the controller uses its --default-target-type flag, documented to default to
 * `instance` ("If you configure spec.loadBalancerClass, the controller defaults to instance").
 */
function nlbTargetType(service: Service, front: LoadBalancerFront): TargetType {
  const targetType = findAnnotation([service], key('aws-load-balancer-nlb-target-type'));
  const lbType = findAnnotation([service], key('aws-load-balancer-type'));
  if (targetType) front.evidence.targetType.push(targetType.evidence);
  if (lbType) front.evidence.targetType.push(lbType.evidence);
  if (lbType?.value === 'nlb-ip' || targetType?.value === 'ip') return 'ip';
  if (!targetType) front.evidence.targetType.push(annotation(service, key('aws-load-balancer-nlb-target-type')));
  return 'instance';
}

/**
 * buildTargetGroupHealthCheckConfigDefault for IP targets: protocol TCP unless annotated
 * (case-insensitive), path "/" for HTTP(S) and none for TCP, port traffic-port.
 */
function nlbHealthCheck(service: Service, front: LoadBalancerFront): HealthCheck | null {
  const protocol = findAnnotation([service], key('aws-load-balancer-healthcheck-protocol'));
  const path = findAnnotation([service], key('aws-load-balancer-healthcheck-path'));
  const port = findAnnotation([service], key('aws-load-balancer-healthcheck-port'));
  for (const f of [protocol, path, port]) if (f) front.evidence.healthCheck.push(f.evidence);
  const proto = (protocol?.value ?? 'TCP').toUpperCase();
  if (proto !== 'TCP' && proto !== 'HTTP' && proto !== 'HTTPS') {
    front.unknown.push(`health check: unsupported protocol "${protocol?.value}"`);
    return null;
  }
  const resolved = healthCheckPort(port?.value ?? null, service);
  if (!resolved) {
    front.unknown.push(`health check: port "${port?.value}" is neither traffic-port, a number, nor a Service port with a numeric targetPort`);
    return null;
  }
  if (!protocol) front.evidence.healthCheck.push(read(service, `metadata.annotations['${key('aws-load-balancer-healthcheck-protocol')}']`, null));
  return { protocol: proto, path: proto === 'TCP' ? null : (path?.value ?? '/'), port: resolved };
}

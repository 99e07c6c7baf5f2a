/**
 * The ALB target group the AWS Load Balancer Controller builds for one Ingress backend
 * (pkg/ingress/model_build_target_group.go buildTargetGroupSpec; docs/guide/ingress/annotations.md).
 * Annotations are read from the backend Service first and the Ingress second (see annotations.ts).
 */
import { objectRef, read } from '../kubernetes/evidence.ts';
import type { Ingress, Service, ServicePort } from '../kubernetes/objects.ts';
import type { IngressClassResolution } from '../kubernetes/ingressclass.ts';
import { ALB_DEFAULT_INGRESS_CLASS, ALB_INGRESS_CONTROLLER, findAnnotation, INGRESS_PREFIX } from './annotations.ts';
import { deregistrationDelay, healthCheckPort, newFront, type HealthCheck, type LoadBalancerFront, type TargetType } from './front.ts';

const key = (suffix: string): string => `${INGRESS_PREFIX}/${suffix}`;

/**
 * pkg/ingress/group_loader.go classifyIngress: the `kubernetes.io/ingress.class` annotation wins and
 * must equal the controller's --ingress-class (default `alb`, assumed here); otherwise the
 * IngressClass (named or default) must name controller `ingress.k8s.aws/alb`; an Ingress with no
 * class is managed only with a non-default flag. Null when the IngressClass was not listed.
 */
export function isAwsAlbIngress(resolution: IngressClassResolution): boolean | null {
  if (resolution.annotation !== null) return resolution.annotation === ALB_DEFAULT_INGRESS_CLASS;
  if (resolution.ingressClass) return resolution.ingressClass.spec?.controller === ALB_INGRESS_CONTROLLER;
  if (!resolution.classesListed) return null;
  return false;
}

export function albFront(ingress: Ingress, resolution: IngressClassResolution, service: Service, servicePort: ServicePort): LoadBalancerFront {
  const front = newFront(objectRef(ingress), 'ALB', service, servicePort);
  const sources = [service, ingress];
  front.targetType = albTargetType(sources, ingress, resolution, front);
  const attributes = findAnnotation(sources, key('target-group-attributes'));
  if (!attributes) front.evidence.delay.push(read(ingress, `metadata.annotations['${key('target-group-attributes')}']`, null));
  const delay = deregistrationDelay(attributes, front);
  front.deregistrationDelaySeconds = delay.seconds;
  front.deregistrationDelayDefaulted = delay.defaulted;
  front.healthCheck = front.targetType === 'ip' ? albHealthCheck(sources, ingress, service, front) : null;
  return front;
}

/**
 * buildTargetGroupTargetType: annotation (Service, then Ingress), overridden by the IngressClassParams
 * the class points to, else --default-target-type (documented default `instance`).
 */
function albTargetType(sources: (Service | Ingress)[], ingress: Ingress, resolution: IngressClassResolution, front: LoadBalancerFront): TargetType | null {
  const found = findAnnotation(sources, key('target-type'));
  front.evidence.targetType.push(found ? found.evidence : read(ingress, `metadata.annotations['${key('target-type')}']`, null));
  const ingressClass = resolution.annotation === null ? resolution.ingressClass : null;
  const params = ingressClass?.spec?.parameters;
  if (ingressClass && params?.kind === 'IngressClassParams') {
    front.evidence.targetType.push(read(ingressClass, 'spec.parameters', `${params.kind}/${params.name}`));
    front.unknown.push(`target type: IngressClassParams ${params.name} can override it and was not read`);
    return null;
  }
  if (!found) return 'instance';
  if (found.value === 'ip' || found.value === 'instance') return found.value;
  front.unknown.push(`target type: unknown value "${found.value}"`);
  return null;
}

/**
 * buildTargetGroupHealthCheckConfig: protocol from `backend-protocol` (default HTTP) unless
 * `healthcheck-protocol` says HTTP or HTTPS; path `healthcheck-path`, default "/" (or
 * "/AWS.ALB/healthcheck" for `backend-protocol-version: GRPC`); port `healthcheck-port`, default
 * traffic-port.
 */
function albHealthCheck(sources: (Service | Ingress)[], ingress: Ingress, service: Service, front: LoadBalancerFront): HealthCheck | null {
  const backendProtocol = findAnnotation(sources, key('backend-protocol'));
  const protocol = findAnnotation(sources, key('healthcheck-protocol'));
  const version = findAnnotation(sources, key('backend-protocol-version'));
  const path = findAnnotation(sources, key('healthcheck-path'));
  const port = findAnnotation(sources, key('healthcheck-port'));
  for (const f of [backendProtocol, protocol, version, path, port]) if (f) front.evidence.healthCheck.push(f.evidence);
  if (!path) front.evidence.healthCheck.push(read(ingress, `metadata.annotations['${key('healthcheck-path')}']`, null));
  const proto = protocol?.value ?? backendProtocol?.value ?? 'HTTP';
  if (proto !== 'HTTP' && proto !== 'HTTPS') {
    front.unknown.push(`health check: protocol "${proto}" is not HTTP or HTTPS`);
    return null;
  }
  const resolved = healthCheckPort(port?.value ?? null, service);
  if (!resolved) {
    front.unknown.push(`health check: port "${port?.value}" is neither traffic-port, a number, nor a Service port with a numeric targetPort`);
    return null;
  }
  const defaultPath = version?.value === 'GRPC' ? '/AWS.ALB/healthcheck' : '/';
  return { protocol: proto, path: path?.value ?? defaultPath, port: resolved };
}

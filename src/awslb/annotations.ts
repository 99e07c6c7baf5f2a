/**
 * How the AWS Load Balancer Controller reads its annotations (kubernetes-sigs/aws-load-balancer-controller
 * pkg/annotations/constants.go, parser.go). Service annotations carry the prefix
 * `service.beta.kubernetes.io` (controllers/service/service_controller.go serviceAnnotationPrefix);
 * Ingress annotations carry `alb.ingress.kubernetes.io`. For an Ingress backend the controller reads
 * the Service's annotations first and the Ingress's second (pkg/ingress/model_build_target_group.go
 * buildTargetGroupSpec: `algorithm.MergeStringMap(svc.Annotations, ing.Ing.Annotations)`, and
 * MergeStringMap keeps the first value it sees), so a Service annotation wins.
 */
import { annotation, type Evidence } from '../kubernetes/evidence.ts';
import type { KubeObject } from '../kubernetes/objects.ts';

export const SERVICE_PREFIX = 'service.beta.kubernetes.io';
export const INGRESS_PREFIX = 'alb.ingress.kubernetes.io';

/** The NLB Service controller's loadBalancerClass (docs/guide/service/nlb.md). */
export const NLB_LOAD_BALANCER_CLASS = 'service.k8s.aws/nlb';
/** IngressClass spec.controller of the ALB Ingress controller (pkg/ingress/class_loader.go IngressClassControllerALB). */
export const ALB_INGRESS_CONTROLLER = 'ingress.k8s.aws/alb';
/** The controller's --ingress-class flag default (pkg/config/ingress_config.go defaultIngressClass). */
export const ALB_DEFAULT_INGRESS_CLASS = 'alb';
/** Namespace label that turns on readiness-gate injection (docs/deploy/pod_readiness_gate.md). */
export const READINESS_GATE_INJECT_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';
/** Prefix of the injected gates (pkg/targetgroupbinding/utils.go TargetHealthPodConditionTypePrefix). */
export const TARGET_HEALTH_GATE_PREFIX = 'target-health.elbv2.k8s.aws/';
export const DEREGISTRATION_DELAY_ATTRIBUTE = 'deregistration_delay.timeout_seconds';
/**
 * Elastic Load Balancing's own default for deregistration_delay.timeout_seconds: "By default, Elastic
 * Load Balancing waits 300 seconds before completing the deregistration process" (AWS ELB target group
 * docs, quoted by the EKS best-practices load-balancing guide and aws-load-balancer-controller#3270).
 * The controller sets the attribute only when annotated.
 */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

/** One annotation value found on a list of objects, first object first, with where it was read. */
export interface Found {
  value: string;
  evidence: Evidence;
}

export function findAnnotation(objects: readonly KubeObject[], key: string): Found | null {
  for (const obj of objects) {
    const value = obj.metadata?.annotations?.[key];
    if (value !== undefined) return { value, evidence: annotation(obj, key) };
  }
  return null;
}

/**
 * A stringMap annotation (`k1=v1,k2=v2`), parsed as parser.go ParseStringMapAnnotation does with
 * splitKeyValuePairs: pairs split on commas (a backslash escapes the next character), each split on
 * the first `=`, keys and values trimmed. Null when malformed (the controller rejects it then).
 */
export function parseStringMap(raw: string): Map<string, string> | null {
  const pairs: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      current += raw[++i];
    } else if (c === ',') {
      pairs.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '') pairs.push(current.trim());
  const map = new Map<string, string>();
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0 || pair.slice(0, eq).trim() === '') return null;
    map.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return map;
}

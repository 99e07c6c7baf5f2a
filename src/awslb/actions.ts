/**
 * Ingress backends that name an action instead of a Service: with the ALB controller, a backend
 * whose `service.port.name` is `use-annotation` reads its action from the Ingress annotation
 * `alb.ingress.kubernetes.io/actions.<service.name>` (pkg/ingress/enhanced_backend_builder.go:
 * magicServicePortUseAnnotation, buildActionViaAnnotation). A `forward` action lists target groups:
 * Kubernetes Services (serviceName, servicePort: a number or a Service port name) or target groups
 * by ARN or name, each with a weight (required when there are several: config_types.go
 * ForwardActionConfig.validate). Seed 004's canary uses it: ng and ng-canary, 50/50.
 */
import type { Ingress } from '../kubernetes/objects.ts';
import { INGRESS_PREFIX } from './annotations.ts';

export const USE_ANNOTATION_PORT = 'use-annotation';

export interface AlbForwardTarget {
  /** The Service a target group is built for; null for a target group named by ARN or name. */
  service: { name: string; port: number | string } | null;
  targetGroup: string | null;
  weight: number | null;
}

export type AlbAction =
  | { kind: 'forward'; key: string; targets: AlbForwardTarget[] }
  | { kind: 'other'; key: string; type: string }
  | { kind: 'missing'; key: string }
  | { kind: 'invalid'; key: string; why: string };

export function albAction(ingress: Ingress, actionName: string): AlbAction {
  const key = `${INGRESS_PREFIX}/actions.${actionName}`;
  const raw = ingress.metadata.annotations?.[key];
  if (raw === undefined) return { kind: 'missing', key };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', key, why: 'not JSON' };
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') return { kind: 'invalid', key, why: 'no "type"' };
  if (parsed.type !== 'forward') return { kind: 'other', key, type: parsed.type };
  // normalizeSimplifiedSchemaForwardAction: {"type":"forward","targetGroupARN":...} forwards to one group.
  const simple = parsed.targetGroupARN ?? parsed.targetGroupName;
  if (typeof simple === 'string') return { kind: 'forward', key, targets: [{ service: null, targetGroup: simple, weight: null }] };
  const groups = isRecord(parsed.forwardConfig) ? parsed.forwardConfig.targetGroups : undefined;
  if (!Array.isArray(groups) || groups.length === 0) return { kind: 'invalid', key, why: 'no forwardConfig.targetGroups' };
  const targets: AlbForwardTarget[] = [];
  for (const group of groups) {
    const target = forwardTarget(group);
    if (typeof target === 'string') return { kind: 'invalid', key, why: target };
    targets.push(target);
  }
  if (targets.length > 1 && targets.some((t) => t.weight === null)) return { kind: 'invalid', key, why: 'weight must be set when route to multiple target groups' };
  return { kind: 'forward', key, targets };
}

function forwardTarget(group: unknown): AlbForwardTarget | string {
  if (!isRecord(group)) return 'a target group is not an object';
  const weight = typeof group.weight === 'number' && Number.isInteger(group.weight) && group.weight >= 0 ? group.weight : null;
  const arn = group.targetGroupARN ?? group.targetGroupName;
  if (typeof group.serviceName === 'string') {
    if (typeof arn === 'string') return 'either serviceName or targetGroupARN/targetGroupName can be specified';
    const port = group.servicePort;
    // normalizeServicePortForBackwardsCompatibility: "80" is the number 80.
    if (typeof port === 'number') return { service: { name: group.serviceName, port }, targetGroup: null, weight };
    if (typeof port === 'string') return { service: { name: group.serviceName, port: /^\d+$/.test(port) ? Number(port) : port }, targetGroup: null, weight };
    return 'missing servicePort';
  }
  if (typeof arn === 'string') return { service: null, targetGroup: arn, weight };
  return 'missing serviceName or targetGroupARN/targetGroupName';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

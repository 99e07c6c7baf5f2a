/**
 * ReadinessGateNotInjected. With IP targets a new pod can become Ready, and let the rollout delete an
 * old pod, before its target is registered and healthy in the target group; during that window the
 * group may hold only "initial" or "draining" targets and the load balancer has nowhere to send
 * requests (docs/deploy/pod_readiness_gate.md). The controller's webhook prevents this by injecting a
 * `target-health.elbv2.k8s.aws/<target group binding>` readiness gate, but only into pods created
 * in a namespace labelled `elbv2.k8s.aws/pod-readiness-gate-inject: enabled`, after the Service (or
 * Ingress) and its TargetGroupBinding exist, and only for IP targets.
 */
import type { LoadBalancerFront } from '../awslb/front.ts';
import { READINESS_GATE_INJECT_LABEL, TARGET_HEALTH_GATE_PREFIX } from '../awslb/annotations.ts';
import { read } from '../kubernetes/evidence.ts';
import { frontName } from './fronts.ts';
import { podsSubject } from './pods.ts';
import type { TerminationFact, TerminationInput } from './types.ts';

export function readinessGateFact(input: TerminationInput, fronts: readonly LoadBalancerFront[]): TerminationFact {
  const names = fronts.map(frontName).join(', ');
  const nsName = input.service.metadata.namespace ?? 'default';
  const ns = input.namespace;
  const restart = 'then recreate the pods (kubectl rollout restart deployment/<name>): the gate is injected only at pod creation';
  if (!ns) {
    return { code: 'ReadinessGateNotInjected', state: 'unknown', severity: 'info', subject: `namespace/${nsName}`, message: `Namespace ${nsName} is not in the input, so whether readiness gates are injected for ${names} is unknown`, evidence: [], fix: null };
  }
  const label = ns.metadata.labels?.[READINESS_GATE_INJECT_LABEL];
  const labelEvidence = read(ns, `metadata.labels['${READINESS_GATE_INJECT_LABEL}']`, label);
  if (label !== 'enabled') {
    return {
      code: 'ReadinessGateNotInjected',
      state: 'problem',
      severity: 'warning',
      subject: `namespace/${nsName}`,
      message: `${names} sends to pod IPs, but namespace ${nsName} is not labelled ${READINESS_GATE_INJECT_LABEL}=enabled: pods get no target-health readiness gate, so a rollout can remove old pods before new ones are healthy in the target group`,
      evidence: [labelEvidence, ...fronts.flatMap((f) => f.evidence.targetType)],
      fix: `kubectl label namespace ${nsName} ${READINESS_GATE_INJECT_LABEL}=enabled, ${restart}.`,
    };
  }
  const without = input.pods.filter((p) => !(p.spec?.readinessGates ?? []).some((g) => g.conditionType.startsWith(TARGET_HEALTH_GATE_PREFIX)));
  if (without.length > 0) {
    return {
      code: 'ReadinessGateNotInjected',
      state: 'problem',
      severity: 'warning',
      subject: podsSubject(without),
      message: `Namespace ${nsName} is labelled for injection, but ${podsSubject(without)} ${without.length === 1 ? 'has' : 'have'} no ${TARGET_HEALTH_GATE_PREFIX} readiness gate: created before the label, or before the Service/Ingress and its TargetGroupBinding existed (or excluded by the webhook's objectSelector)`,
      evidence: [labelEvidence, ...without.map((p) => read(p, 'spec.readinessGates', JSON.stringify(p.spec?.readinessGates ?? [])))],
      fix: `Recreate the pods (kubectl rollout restart deployment/<name>) now that the namespace is labelled.`,
    };
  }
  const pods = input.pods.length === 0 ? ' (no pods to check)' : ` and every pod carries a ${TARGET_HEALTH_GATE_PREFIX} readiness gate`;
  return { code: 'ReadinessGateNotInjected', state: 'ok', severity: 'info', subject: `namespace/${nsName}`, message: `Namespace ${nsName} is labelled for injection${pods}`, evidence: [labelEvidence], fix: null };
}

/**
 * GracePeriodShorterThanDeregistration. For IP targets the controller deregisters a terminating pod's
 * target; Elastic Load Balancing then keeps it "draining" for up to deregistration_delay.timeout_seconds
 * (default 300) so in-flight requests can finish, and stops sending new ones (EKS best-practices
 * load-balancing guide, quoted in aws-load-balancer-controller#3270). The kubelet kills the pod
 * after terminationGracePeriodSeconds whatever the load balancer is doing, so a grace period shorter
 * than the delay cuts off whatever is still draining.
 */
import type { LoadBalancerFront } from '../awslb/front.ts';
import { DEREGISTRATION_DELAY_ATTRIBUTE } from '../awslb/annotations.ts';
import { frontName } from './fronts.ts';
import { gracePeriod, groupPods, podsSubject } from './pods.ts';
import type { TerminationFact, TerminationInput } from './types.ts';

export function deregistrationFacts(input: TerminationInput, front: LoadBalancerFront): TerminationFact[] {
  const name = frontName(front);
  const delay = front.deregistrationDelaySeconds;
  if (delay === null) {
    return [{ code: 'GracePeriodShorterThanDeregistration', state: 'unknown', severity: 'info', subject: name, message: `Deregistration delay of ${name} unknown: ${front.unknown.join('; ')}`, evidence: front.evidence.delay, fix: null }];
  }
  const source = front.deregistrationDelayDefaulted ? `Elastic Load Balancing's default: no ${DEREGISTRATION_DELAY_ATTRIBUTE} attribute is annotated` : `${DEREGISTRATION_DELAY_ATTRIBUTE}=${delay}`;
  const annotationKey = front.kind === 'NLB' ? 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes' : 'alb.ingress.kubernetes.io/target-group-attributes';
  const groups = groupPods(input.pods.map((pod) => ({ pod, value: gracePeriod(pod) })), (g) => String(g.seconds));
  return groups.map(({ pods, value }) => {
    const subject = `${podsSubject(pods)} behind ${name}`;
    const evidence = [...front.evidence.targetType, ...front.evidence.delay, value.evidence];
    if (value.seconds >= delay) {
      return { code: 'GracePeriodShorterThanDeregistration', state: 'ok', severity: 'info', subject, message: `terminationGracePeriodSeconds ${value.seconds} covers the deregistration delay (${source})`, evidence, fix: null };
    }
    return {
      code: 'GracePeriodShorterThanDeregistration',
      state: 'problem',
      severity: 'warning',
      subject,
      message: `${name} keeps a deregistered pod draining for up to ${delay} s (${source}), but the kubelet kills the pod after terminationGracePeriodSeconds ${value.seconds}: requests still in flight then are cut off`,
      evidence,
      fix: value.seconds === 0
        ? `Raise terminationGracePeriodSeconds to ${delay} (keeping any preStop sleep inside it), or lower ${annotationKey}: ${DEREGISTRATION_DELAY_ATTRIBUTE} to what the pods' grace period allows.`
        : `Raise terminationGracePeriodSeconds to ${delay} (keeping any preStop sleep inside it), or set ${annotationKey}: ${DEREGISTRATION_DELAY_ATTRIBUTE}=${value.seconds} or less.`,
    };
  });
}

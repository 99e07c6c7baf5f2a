/** Seed 004's django behind the ALB Ingress before the fixes: exactly these termination findings, nothing unknown. */
import { expectTermination } from '../termination-expect.ts';

export const { check, trim } = expectTermination({
  problems: [
    'critical GracePeriodShorterThanPreStop pods r7wxj, t2ksm of django-55d8f7c9bd (container django)',
    'warning GracePeriodShorterThanDeregistration pods r7wxj, t2ksm of django-55d8f7c9bd behind ingress/default/django-ingress (ALB, Service port http)',
    'warning ReadinessGateNotInjected namespace/default',
    'warning HealthCheckPathMismatch pods r7wxj, t2ksm of django-55d8f7c9bd (container django) behind ingress/default/django-ingress (ALB, Service port http)',
  ],
  evaluated: ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'],
});

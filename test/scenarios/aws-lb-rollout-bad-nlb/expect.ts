/** Seed 004's NLB Service before the fixes: exactly these termination findings, nothing unknown. */
import { expectTermination } from '../termination-expect.ts';

export const { check, trim } = expectTermination({
  problems: [
    'warning NoPreStopDelay pods 2xkzq, hv8wn of deploy-echo-6c7f9d5b4 (container akos-websrv)',
    'warning GracePeriodShorterThanDeregistration pods 2xkzq, hv8wn of deploy-echo-6c7f9d5b4 behind service/default/svc-nlb-ip-type (NLB, Service port 80)',
    'warning ReadinessGateNotInjected namespace/default',
  ],
  evaluated: ['NoPreStopDelay', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'LoadBalancerIPModeProxy'],
});

/**
 * Every termination-window fact about one Service, in code order: the entry point for the explain
 * layer (`explain svc/NAME`, and for each backend of `explain ingress/NAME` / `httproute/NAME`).
 */
import { deregistrationFacts } from './deregistration.ts';
import { frontName, ipFronts, loadBalancerFronts } from './fronts.ts';
import { healthCheckFacts } from './healthcheck.ts';
import { ipModeFact } from './ipmode.ts';
import { preStopFacts } from './prestopfacts.ts';
import { readinessGateFact } from './readinessgate.ts';
import type { TerminationCode, TerminationFact, TerminationInput } from './types.ts';

const ORDER: TerminationCode[] = ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch', 'LoadBalancerIPModeProxy'];
const LOAD_BALANCER_CODES: TerminationCode[] = ['GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'];

export function terminationFacts(input: TerminationInput): TerminationFact[] {
  const facts: TerminationFact[] = [...preStopFacts(input)];
  const { fronts, others } = loadBalancerFronts(input);
  const ip = ipFronts(fronts);
  for (const front of ip) facts.push(...deregistrationFacts(input, front), ...healthCheckFacts(input.pods, front));
  if (ip.length > 0) facts.push(readinessGateFact(input, ip));
  for (const front of fronts.filter((f) => f.targetType === null)) {
    for (const code of LOAD_BALANCER_CODES) facts.push({ code, state: 'unknown', severity: 'info', subject: frontName(front), message: `Target type of ${frontName(front)} unknown: ${front.unknown.join('; ')}`, evidence: front.evidence.targetType, fix: null });
  }
  for (const other of others) {
    for (const code of LOAD_BALANCER_CODES) {
      facts.push({ code, state: 'unknown', severity: 'info', subject: other.subject, message: `${other.subject} is not built by the AWS Load Balancer Controller; how its controller registers and deregisters pods is not modelled`, evidence: other.evidence, fix: null });
    }
  }
  const ipMode = ipModeFact(input.service);
  if (ipMode) facts.push(ipMode);
  return facts.sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
}

/** Only what the explain layer reports as findings. */
export function terminationProblems(facts: readonly TerminationFact[]): TerminationFact[] {
  return facts.filter((f) => f.state === 'problem');
}

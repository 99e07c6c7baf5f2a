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
/** Codes whose facts read the pods' specs. */
const POD_CODES: TerminationCode[] = ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', ...LOAD_BALANCER_CODES];

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
  if (input.ingressesUnknown) {
    const subject = `ingresses in namespace ${input.service.metadata.namespace ?? 'default'}`;
    for (const code of LOAD_BALANCER_CODES) facts.push({ code, state: 'unknown', severity: 'info', subject, message: `Ingress ${input.ingressesUnknown}: whether an ALB sends to these pods is unknown`, evidence: [], fix: null });
  }
  const ipMode = ipModeFact(input.service);
  if (ipMode) facts.push(ipMode);
  const known = input.podsUnknown ? withoutPods(facts, input) : facts;
  return known.sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
}

/**
 * When the pods are not known, every fact about them is unknown: one per code instead of the
 * facts computed over no pods. Only a namespace that is not labelled stays a problem for
 * readiness gates, whatever the pods carry.
 */
function withoutPods(facts: readonly TerminationFact[], input: TerminationInput): TerminationFact[] {
  const subject = `pods of service/${input.service.metadata.namespace ?? 'default'}/${input.service.metadata.name}`;
  const message = `Pod ${input.podsUnknown}: their preStop hooks, grace periods, probes and readiness gates are unknown`;
  const kept = facts.filter((f) => !POD_CODES.includes(f.code) || (f.code === 'ReadinessGateNotInjected' && f.state === 'problem' && f.subject.startsWith('namespace/')));
  const codes = [...new Set(facts.map((f) => f.code).filter((c) => POD_CODES.includes(c)))];
  for (const code of ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', ...codes] as TerminationCode[]) {
    if (!kept.some((f) => f.code === code)) kept.push({ code, state: 'unknown', severity: 'info', subject, message, evidence: [], fix: null });
  }
  return [...new Map(kept.map((f) => [`${f.code} ${f.subject} ${f.state}`, f])).values()];
}

/** Only what the explain layer reports as findings. */
export function terminationProblems(facts: readonly TerminationFact[]): TerminationFact[] {
  return facts.filter((f) => f.state === 'problem');
}

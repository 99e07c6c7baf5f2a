/**
 * NoPreStopDelay and GracePeriodShorterThanPreStop, per group of pods.
 *
 * Without a delay the kubelet sends SIGTERM as soon as the pod is deleted, while kube-proxy on other
 * nodes and load balancers still send new connections until they see the endpoint go (the
 * EndpointSlice controller, then each node's proxy, then the load balancer's deregistration).
 * The delay counts against terminationGracePeriodSeconds: killContainer subtracts the hook's time
 * from the grace period and gives the container what is left, but never less than 2 s, before
 * SIGKILL; a hook still running when the grace period ends is abandoned (executePreStopHook).
 */
import { read, type Evidence } from '../kubernetes/evidence.ts';
import type { Container, EventObject, Pod } from '../kubernetes/objects.ts';
import { eventTime } from '../explain/readiness/events.ts';
import { gracePeriod, groupPods, podsSubject, servingContainers } from './pods.ts';
import { preStopDelay, type PreStopDelay } from './prestop.ts';
import { DEFAULT_SHUTDOWN_MARGIN_SECONDS, KUBELET_MINIMUM_STOP_SECONDS, type TerminationFact, type TerminationInput } from './types.ts';

interface ContainerTermination {
  container: string;
  delay: PreStopDelay;
  grace: number;
  evidence: Evidence[];
  failedHook: EventObject | null;
}

export function preStopFacts(input: TerminationInput): TerminationFact[] {
  const ports = input.service.spec?.ports ?? [];
  const facts: TerminationFact[] = [];
  const unnamed = input.pods.filter((p) => servingContainers(p, ports).length === 0);
  if (unnamed.length > 0) {
    facts.push({ code: 'NoPreStopDelay', state: 'unknown', severity: 'info', subject: podsSubject(unnamed), message: 'No container declares the Service\'s target port, so which container\'s preStop hook matters is unknown', evidence: [read(input.service, 'spec.ports', ports.map((p) => p.targetPort ?? p.port).join(','))], fix: null });
  }
  const rows = input.pods.flatMap((pod) => servingContainers(pod, ports).map((c) => ({ pod, value: containerTermination(pod, c, input.events) })));
  const groups = groupPods(rows, (t) => JSON.stringify([t.container, t.delay, t.grace, t.failedHook?.reason ?? null]));
  const margin = input.shutdownMarginSeconds ?? DEFAULT_SHUTDOWN_MARGIN_SECONDS;
  for (const { pods, value } of groups) {
    const subject = podsSubject(pods, value.container);
    facts.push(noDelayFact(subject, value));
    const grace = graceFact(subject, value, margin);
    if (grace) facts.push(grace);
  }
  return facts;
}

function containerTermination(pod: Pod, container: Container, events: readonly EventObject[]): ContainerTermination {
  const hook = container.lifecycle?.preStop;
  const index = (pod.spec?.containers ?? []).indexOf(container);
  const field = index >= 0 ? `spec.containers[${index}].lifecycle.preStop` : `spec.initContainers[name=${container.name}].lifecycle.preStop`;
  const grace = gracePeriod(pod);
  const failedHook = events.find((e) => e.reason === 'FailedPreStopHook' && e.involvedObject?.name === pod.metadata.name && fieldPathMatches(e, container.name)) ?? null;
  return { container: container.name, delay: preStopDelay(hook), grace: grace.seconds, evidence: [read(pod, field, hook ? JSON.stringify(hook) : null), grace.evidence], failedHook };
}

function fieldPathMatches(event: EventObject, container: string): boolean {
  const fieldPath = (event.involvedObject as { fieldPath?: string } | undefined)?.fieldPath;
  return !fieldPath || fieldPath === `spec.containers{${container}}` || fieldPath === `spec.initContainers{${container}}`;
}

function noDelayFact(subject: string, t: ContainerTermination): TerminationFact {
  const base = { code: 'NoPreStopDelay' as const, subject, evidence: t.evidence };
  const fix = `Add a preStop delay longer than endpoint removal takes, e.g. lifecycle.preStop.sleep.seconds: 15 (Kubernetes 1.30+, GA 1.34) or exec ["sleep", "15"] where the image has sleep, and keep terminationGracePeriodSeconds above it.`;
  if (t.failedHook) {
    const e = t.failedHook;
    return { ...base, state: 'problem', severity: 'warning', message: `The preStop hook failed (${e.reason} at ${eventTime(e)}: "${(e.message ?? '').trim()}"), so SIGTERM followed at once`, evidence: [...t.evidence, read(e, 'reason', e.reason)], fix: `Make the hook runnable in the image (a distroless image has no sleep: use lifecycle.preStop.sleep). ${fix}` };
  }
  const d = t.delay;
  if (d.kind === 'none' || (d.kind === 'sleep' && d.seconds === 0)) {
    const what = d.kind === 'none' ? 'No preStop hook' : `The preStop hook sleeps 0 s (${d.how})`;
    return { ...base, state: 'problem', severity: 'warning', message: `${what}: the container gets SIGTERM as soon as the pod is deleted, while nodes and load balancers that have not yet seen the endpoint removed still send it new connections`, fix };
  }
  if (d.kind === 'unknown') return { ...base, state: 'unknown', severity: 'info', message: `preStop delay unknown: ${d.how}: ${d.why}`, fix: null };
  const detail = d.kind === 'forever' ? `${d.how} sleeps until the grace period ends` : `${d.how} delays SIGTERM by ${d.seconds} s${atLeast(d)}`;
  return { ...base, state: 'ok', severity: 'info', message: detail, fix: null };
}

function atLeast(d: Extract<PreStopDelay, { kind: 'sleep' }>): string {
  if (d.alsoRuns.length === 0) return '';
  return ` or more (it also runs ${d.alsoRuns.map((c) => `"${c}"`).join(', ')}${d.conditional ? ', and sleeps only if that succeeds' : ''})`;
}

function graceFact(subject: string, t: ContainerTermination, margin: number): TerminationFact | null {
  const d = t.delay;
  if (d.kind === 'none' || t.failedHook) return null;
  const base = { code: 'GracePeriodShorterThanPreStop' as const, subject, evidence: t.evidence };
  if (d.kind === 'unknown') return { ...base, state: 'unknown', severity: 'info', message: `Whether terminationGracePeriodSeconds ${t.grace} covers the preStop hook is unknown: ${d.why}`, fix: null };
  if (d.kind === 'sleep' && d.seconds === 0) return null;
  const fixGrace = (n: number): string => `Set terminationGracePeriodSeconds to at least ${n + margin} (the preStop delay plus ${margin} s to finish in-flight requests), or shorten the preStop sleep.`;
  if (d.kind === 'forever' || d.seconds >= t.grace) {
    const hook = d.kind === 'forever' ? 'never ends' : `takes ${d.seconds} s`;
    return { ...base, state: 'problem', severity: 'critical', message: `The preStop hook ${hook} but terminationGracePeriodSeconds is ${t.grace}: the kubelet abandons the hook at ${t.grace} s, sends SIGTERM, and kills the container ${KUBELET_MINIMUM_STOP_SECONDS} s later, cutting off in-flight requests`, fix: d.kind === 'forever' ? 'Give the hook a finite sleep shorter than terminationGracePeriodSeconds.' : fixGrace(d.seconds) };
  }
  const left = t.grace - d.seconds;
  if (left < margin) {
    return { ...base, state: 'problem', severity: 'warning', message: `terminationGracePeriodSeconds ${t.grace} leaves ${left} s after the ${d.seconds} s preStop delay for the application to finish in-flight requests (margin ${margin} s)`, fix: fixGrace(d.seconds) };
  }
  return { ...base, state: 'ok', severity: 'info', message: `terminationGracePeriodSeconds ${t.grace} leaves ${left} s after the ${d.seconds} s preStop delay`, fix: null };
}

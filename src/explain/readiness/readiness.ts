/**
 * Why a pod is (not) Ready, from its own status: the kubelet sets Ready = ContainersReady AND every
 * readiness gate condition True (pkg/kubelet/status/generate.go GeneratePodReadyCondition);
 * ContainersReady = every container ready, i.e. started and its readiness probe passing, or
 * running when it has no readiness probe (pkg/kubelet/prober/prober_manager.go UpdatePodStatus:
 * "no readiness probe means ready once started"). The node lifecycle controller also flips Ready
 * to False on every pod of a node that stopped reporting (MarkPodsNotReady).
 */
import type { Container, ContainerStatus, EventObject, NodeObject, Pod, Probe } from '../../kubernetes/objects.ts';
import { isTerminal, podCondition } from '../../kubernetes/pod.ts';
import type { Cause } from '../types.ts';
import { describeProbe } from './probe.ts';
import { latestProbeFailure, quoteEvent } from './events.ts';

export type ReadyStatus = 'True' | 'False' | 'Unknown' | null;

export interface PodReadiness {
  ready: ReadyStatus;
  /** Root causes of not being Ready, most specific first; empty when Ready. */
  causes: Cause[];
}

/**
 * `now` (milliseconds, model/observed.ts: the capture time, else the newest time in the objects, a
 * lower bound) decides whether a probe without an Unhealthy event to quote has been given long
 * enough to be called failing; null when the input carries no time at all.
 */
export function podReadiness(pod: Pod, node: NodeObject | undefined, events: readonly EventObject[], now: number | null = null): PodReadiness {
  const ready = podCondition(pod, 'Ready')?.status ?? null;
  if (ready === 'True' || isTerminal(pod)) return { ready, causes: [] };
  const causes = [...nodeCauses(node), ...containerCauses(pod, events, now), ...gateCauses(pod)];
  if (causes.length === 0) causes.push(conditionCause(pod));
  return { ready, causes };
}

function nodeCauses(node: NodeObject | undefined): Cause[] {
  const condition = node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (!node || !condition || condition.status === 'True') return [];
  const detail = condition.reason ? ` (${condition.reason}${condition.message ? `: ${condition.message}` : ''})` : '';
  return [{ code: 'NodeNotReady', message: `node ${node.metadata.name} is Ready=${condition.status}${detail}` }];
}

function containerCauses(pod: Pod, events: readonly EventObject[], now: number | null): Cause[] {
  const statuses = pod.status?.containerStatuses ?? [];
  const causes: Cause[] = [];
  for (const container of pod.spec?.containers ?? []) {
    const status = statuses.find((s) => s.name === container.name);
    if (status?.ready) continue;
    const cause = containerCause(pod, container, status, events, now);
    if (cause) causes.push(cause);
  }
  return causes;
}

function containerCause(pod: Pod, container: Container, status: ContainerStatus | undefined, events: readonly EventObject[], now: number | null): Cause | null {
  if (!status) return null; // not started yet: the pod phase or scheduling explains it
  const waiting = status.state?.waiting;
  if (waiting) {
    const last = lastTermination(status);
    // CrashLoopBackOff's message only repeats the back-off delay and the pod's UID; how the
    // container last ended (kuberuntime doBackOff, lastState.terminated) is the clue.
    const said = waiting.message && !(last && waiting.reason === 'CrashLoopBackOff') ? `: ${oneLine(waiting.message)}` : '';
    const detail = `${said}${last ? ` (${last})` : ''}`;
    return { code: 'ContainersNotReady', message: `container ${container.name} waiting: ${waiting.reason ?? 'unknown reason'}${detail}` };
  }
  const terminated = status.state?.terminated;
  if (terminated) {
    const code = terminated.exitCode === undefined ? '' : ` (exit code ${terminated.exitCode})`;
    return { code: 'ContainersNotReady', message: `container ${container.name} terminated: ${terminated.reason ?? 'unknown reason'}${code}` };
  }
  if (status.started === false && container.startupProbe) {
    const failure = latestProbeFailure(events, pod.metadata.name, container.name, 'Startup');
    const quote = failure ? ` (${quoteEvent(failure)})` : '';
    return { code: 'StartupProbeNotPassed', message: `startup probe ${describeProbe(container.startupProbe)} has not passed yet${quote}` };
  }
  if (container.readinessProbe) return readinessProbeCause(pod, container, container.readinessProbe, status, events, now);
  return { code: 'ContainersNotReady', message: `container ${container.name} not ready` };
}

/**
 * "Failing" is said on evidence only: the kubelet's Unhealthy event (quoted), or a container that has
 * run longer than the probe needs to pass. A container starts not ready (pkg/kubelet/prober/worker.go:
 * initialValue Failure for readiness); the prober waits initialDelaySeconds, then probes every
 * periodSeconds, and one success makes it ready. Past initialDelaySeconds + failureThreshold x
 * periodSeconds it has been probed failureThreshold times and is still not ready: those probes
 * failed (defaults 0, 3 and 10 s, pkg/apis/core/v1/defaults.go SetDefaults_Probe). Short of that,
 * it "has not passed yet", whatever it will do.
 */
function readinessProbeCause(pod: Pod, container: Container, probe: Probe, status: ContainerStatus, events: readonly EventObject[], now: number | null): Cause {
  const described = describeProbe(probe);
  const failure = latestProbeFailure(events, pod.metadata.name, container.name, 'Readiness');
  if (failure) return { code: 'ReadinessProbeFailing', message: `readiness probe ${described} failing (${quoteEvent(failure)})` };
  const started = Date.parse(status.state?.running?.startedAt ?? '');
  const delay = probe.initialDelaySeconds ?? 0;
  const threshold = probe.failureThreshold ?? 3;
  const period = probe.periodSeconds ?? 10;
  const needs = delay + threshold * period;
  const ran = now === null || Number.isNaN(started) ? null : Math.floor((now - started) / 1000);
  if (ran !== null && ran > needs) {
    const budget = `initialDelaySeconds ${delay} + failureThreshold ${threshold} x periodSeconds ${period} = ${needs}s`;
    return { code: 'ReadinessProbeFailing', message: `readiness probe ${described} failing: not passed ${ran}s after its container started, longer than it needs to pass (${budget})` };
  }
  return { code: 'ReadinessProbeNotPassed', message: `readiness probe ${described} has not passed yet` };
}

/** `last exit: Error, exit code 1, 6 restarts`, from lastState.terminated and restartCount. */
function lastTermination(status: ContainerStatus): string | null {
  const terminated = status.lastState?.terminated;
  if (!terminated) return null;
  const code = terminated.exitCode === undefined ? '' : `, exit code ${terminated.exitCode}`;
  const restarts = status.restartCount ? `, ${status.restartCount} restart${status.restartCount === 1 ? '' : 's'}` : '';
  return `last exit: ${terminated.reason ?? 'unknown reason'}${code}${restarts}`;
}

/** Readiness gates (e.g. the AWS Load Balancer Controller's target-health.elbv2.k8s.aws/...). */
function gateCauses(pod: Pod): Cause[] {
  const causes: Cause[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const condition = podCondition(pod, gate.conditionType);
    if (condition?.status === 'True') continue;
    const state = condition ? `is ${condition.status}${condition.reason ? ` (${condition.reason}${condition.message ? `: ${oneLine(condition.message)}` : ''})` : ''}` : 'is not set yet';
    causes.push({ code: 'ReadinessGateFalse', message: `readiness gate ${gate.conditionType} ${state}` });
  }
  return causes;
}

function conditionCause(pod: Pod): Cause {
  const condition = podCondition(pod, 'Ready');
  if (!condition) return { code: 'PodNotReady', message: 'pod has no Ready condition yet' };
  const detail = condition.reason ? `${condition.reason}${condition.message ? `: ${oneLine(condition.message)}` : ''}` : 'no reason given';
  return { code: 'PodNotReady', message: `Ready=${condition.status} (${detail})` };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

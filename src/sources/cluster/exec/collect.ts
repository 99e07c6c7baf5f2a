/**
 * Runs the node plans (src/dataplane/nodeplan.ts): the read commands in each node's agent pods,
 * a bounded number of nodes at a time. Every node ends read, or unknown / no-agent with its
 * reason; one node's failure never stops the others. The outputs go to the same decoders as
 * `--dataplane NODE=FILE` files.
 */
import type { AgentPod } from '../../../dataplane/agentpods.ts';
import type { AgentPlan, NodePlan } from '../../../dataplane/nodeplan.ts';
import { ciliumKubeProxyReplacement, type ModeFinding, type ReplacementFinding } from '../../../dataplane/proxymode.ts';
import type { ReadStep } from '../../../dataplane/readcommands.ts';
import { Limiter } from '../limiter.ts';
import { formatDuration } from '../../../kubernetes/duration.ts';
import { commandLine, describeExec, type ExecFailure, type ExecOutcome, type ExecRequest } from './outcome.ts';

/** Runs one exec (execInPod bound to a transport and limits); aborting `signal` abandons it. */
export type ExecFn = (request: ExecRequest, signal?: AbortSignal) => Promise<ExecOutcome>;

/** Starts a timer on the caller's clock (a WatchClock's `after`, or setTimeout): returns its cancel. */
export type After = (ms: number, fn: () => void) => () => void;

export interface CollectLimits {
  /** Nodes read at once. */
  concurrency: number;
  /** Per node, every exec on it included; 0 = none. */
  nodeTimeoutMs: number;
  /** What the per-node timeout is called, for its message ("--collect-timeout"). */
  timeoutName?: string;
  after: After;
}

const DEFAULT_LIMITS: CollectLimits = { concurrency: 8, nodeTimeoutMs: 0, after: (ms, fn) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
} };

export interface StepOutput {
  step: ReadStep;
  /** What ran (the fallback when the first binary was missing). */
  argv: string[];
  text: string;
}

export interface StepFailure {
  step: ReadStep;
  argv: string[];
  failure: ExecFailure;
}

export interface AgentRead {
  pod: AgentPod;
  /** kube-proxy: from the API; Cilium: from `cilium-dbg status` (null when the probe failed). */
  mode: { agent: 'kube-proxy'; finding: ModeFinding } | { agent: 'cilium'; finding: ReplacementFinding | null };
  outputs: StepOutput[];
  failures: StepFailure[];
  notes: string[];
}

export type NodeRead =
  | { node: string; status: 'read'; agents: AgentRead[] }
  | { node: string; status: 'unknown'; reason: string; agents: AgentRead[] }
  | { node: string; status: 'no-agent'; reason: string };

/** Failures after which the pod is not asked again: the next command would fail the same way. */
const STOPS: readonly ExecFailure['kind'][] = ['forbidden', 'not-found', 'timeout', 'unreachable', 'protocol', 'failed'];

export async function collectNodes(plans: readonly NodePlan[], exec: ExecFn, limits: Partial<CollectLimits> = {}): Promise<NodeRead[]> {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const limiter = new Limiter(Math.max(1, all.concurrency));
  return Promise.all(plans.map((plan) => limiter.run(() => (all.nodeTimeoutMs > 0 ? collectWithin(plan, exec, all) : collectNode(plan, exec)))));
}

/** One node under its deadline: when it passes, the exec in flight is abandoned and the node is unknown. */
async function collectWithin(plan: NodePlan, exec: ExecFn, limits: CollectLimits): Promise<NodeRead> {
  const deadline = new AbortController();
  const cancel = limits.after(limits.nodeTimeoutMs, () => deadline.abort());
  const timed: ExecFn = async (request, signal) => {
    const outcome = await exec(request, signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal);
    if (outcome.ok || outcome.kind !== 'timeout' || !deadline.signal.aborted) return outcome;
    const name = limits.timeoutName ? ` (${limits.timeoutName})` : '';
    return { ...outcome, message: `${describeExec(request)}: no answer within ${formatDuration(limits.nodeTimeoutMs)}, the per-node timeout${name}; abandoned` };
  };
  try {
    return await collectNode(plan, timed);
  } finally {
    cancel();
  }
}

export async function collectNode(plan: NodePlan, exec: ExecFn): Promise<NodeRead> {
  if (plan.status === 'no-agent') return { node: plan.node, status: 'no-agent', reason: plan.reason };
  if (plan.status === 'unknown') return { node: plan.node, status: 'unknown', reason: plan.reason, agents: [] };
  const agents: AgentRead[] = [];
  for (const agent of plan.agents) agents.push(await readAgent(agent, exec));
  if (agents.some(complete)) return { node: plan.node, status: 'read', agents };
  const failure = agents.flatMap((a) => a.failures)[0];
  const reason = failure ? failure.failure.message : agents.flatMap((a) => a.notes)[0] ?? `nothing on node ${plan.node} could be read`;
  return { node: plan.node, status: 'unknown', reason, agents };
}

/** Every required step printed, or (mode unknown, all steps optional) at least one did. */
function complete(agent: AgentRead): boolean {
  const required = agent.failures.filter((f) => !f.step.optional);
  return agent.outputs.length > 0 && required.length === 0;
}

async function readAgent(plan: AgentPlan, exec: ExecFn): Promise<AgentRead> {
  const read: AgentRead = {
    pod: plan.pod, outputs: [], failures: [], notes: [...plan.notes],
    mode: plan.kind === 'kube-proxy' ? { agent: 'kube-proxy', finding: plan.mode } : { agent: 'cilium', finding: null },
  };
  if (plan.kind === 'cilium') {
    const status = await runStep(plan.pod, plan.probe, exec, read);
    if (status === 'stop') return read;
    if (status !== null) read.mode = { agent: 'cilium', finding: ciliumKubeProxyReplacement(status) };
  }
  for (const step of plan.steps) if ((await runStep(plan.pod, step, exec, read)) === 'stop') break;
  return read;
}

/** The output text, null when the step failed, 'stop' when the pod should not be asked again. */
async function runStep(pod: AgentPod, step: ReadStep, exec: ExecFn, read: AgentRead): Promise<string | null | 'stop'> {
  let argv = step.argv;
  let outcome = await exec({ namespace: pod.namespace, pod: pod.pod, container: pod.container, command: argv });
  if (!outcome.ok && outcome.kind === 'command-not-found' && step.fallbackArgv) {
    read.notes.push(`"${commandLine(argv)}" is not in ${pod.pod}'s image; tried "${commandLine(step.fallbackArgv)}"`);
    argv = step.fallbackArgv;
    outcome = await exec({ namespace: pod.namespace, pod: pod.pod, container: pod.container, command: argv });
  }
  if (outcome.ok) {
    read.outputs.push({ step, argv, text: outcome.stdout });
    return outcome.stdout;
  }
  read.failures.push({ step, argv, failure: outcome });
  return STOPS.includes(outcome.kind) ? 'stop' : null;
}

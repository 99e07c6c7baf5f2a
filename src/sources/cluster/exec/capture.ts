/**
 * What the collector read on a node (collect.ts NodeRead), as the record explain, bundles and
 * watch share (src/dataplane/capture.ts): the outputs as printed, the mode in words, and for a
 * node that could not be read, the reason. No agent pod is a reason like any other: the node's
 * dataplane is unknown, never "no rules".
 */
import type { CapturedAgent, CapturedOutput, NodeCapture } from '../../../dataplane/capture.ts';
import type { AgentRead, NodeRead } from './collect.ts';

export function captureOf(read: NodeRead, capturedAt: string): NodeCapture {
  if (read.status !== 'read') return { node: read.node, capturedAt, status: 'unknown', reason: read.reason };
  return { node: read.node, capturedAt, status: 'read', agents: read.agents.filter((a) => a.outputs.length > 0).map(capturedAgent) };
}

function capturedAgent(read: AgentRead): CapturedAgent {
  const { kind, namespace, pod, container } = read.pod;
  const outputs = read.outputs.map((o): CapturedOutput => ({
    command: o.argv, reads: o.step.reads, decoder: o.step.status ? 'status' : o.step.dataplane, family: o.step.family, text: o.text,
  }));
  // Steps that failed but did not make the node unknown (an optional reader, a second family).
  const notes = [...read.notes, ...read.failures.map((f) => f.failure.message)];
  const agent: CapturedAgent = { kind, namespace, pod, container, mode: modeText(read), outputs, notes };
  if (read.mode.agent === 'cilium' && read.mode.finding?.known) agent.replacesKubeProxy = read.mode.finding.replacesKubeProxy;
  return agent;
}

function modeText(read: AgentRead): string {
  const { mode } = read;
  if (mode.agent === 'kube-proxy') return mode.finding.known ? `${mode.finding.mode} (${mode.finding.evidence})` : `unknown (${mode.finding.missing})`;
  if (mode.finding === null) return 'unknown (cilium-dbg status was not read)';
  return mode.finding.known ? `KubeProxyReplacement ${mode.finding.value} (${mode.finding.evidence})` : `unknown (${mode.finding.missing})`;
}

/** RFC 3339 to the second, as the API server writes times. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

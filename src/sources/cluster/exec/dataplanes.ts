/**
 * `--collect-dataplane`: read the rules of some nodes through the API server, no ssh. For each
 * read, the agent pods, DaemonSets and kube-proxy ConfigMap are listed again (agent pods are
 * replaced by rollouts), each node is planned (src/dataplane/nodeplan.ts) and read by exec in its
 * agent pod, a bounded number at a time, each under its own deadline. Every node ends with a
 * capture: its outputs, or why they could not be read.
 *
 * The only writes this tool ever makes are these execs (`create` on pods/exec since 1.35, `get`
 * for the WebSocket handshake before: README "What --collect-dataplane needs").
 */
import type { NodeCapture } from '../../../dataplane/capture.ts';
import { planNodes } from '../../../dataplane/nodeplan.ts';
import type { IpFamily } from '../../../dataplane/readcommands.ts';
import type { NodeObject } from '../../../kubernetes/objects.ts';
import type { ClusterConnection } from '../connect.ts';
import { ApiError } from '../failures.ts';
import { listAll } from '../paging.ts';
import { paths } from '../paths.ts';
import { fetchAgentObjects } from './agentobjects.ts';
import { captureOf, rfc3339 } from './capture.ts';

export { rfc3339 } from './capture.ts';
import { collectNodes, type CollectLimits } from './collect.ts';
import { DEFAULT_EXEC_LIMITS, execInPod } from './exec.ts';
import { execTransport, type ExecTransport } from './transport.ts';

export interface ReaderOptions {
  userAgent: string;
  limits: CollectLimits;
  /** Epoch ms, for capture times (a watch's clock, or Date.now). */
  now: () => number;
}

export class DataplaneReader {
  private readonly transport: ExecTransport;

  constructor(
    private readonly cluster: Pick<ClusterConnection, 'client' | 'access' | 'target'>,
    private readonly options: ReaderOptions,
  ) {
    this.transport = execTransport(cluster, options.userAgent);
  }

  /** One read of `nodes` (Node objects where they were read: they tell k3s and nodeSelectors apart). */
  async read(nodes: readonly (NodeObject | string)[], families: readonly IpFamily[], signal?: AbortSignal): Promise<NodeCapture[]> {
    if (nodes.length === 0) return [];
    const objects = await fetchAgentObjects(this.cluster.client);
    const plans = planNodes(nodes, objects, families);
    // No exec timeout of its own: the per-node deadline (on the caller's clock) abandons it.
    const timeoutMs = this.options.limits.nodeTimeoutMs > 0 ? 0 : DEFAULT_EXEC_LIMITS.timeoutMs;
    const reads = await collectNodes(plans, (request, deadline) => {
      const abort = [signal, deadline].filter((s): s is AbortSignal => s !== undefined);
      return execInPod(this.transport, request, { ...DEFAULT_EXEC_LIMITS, timeoutMs, ...(abort.length > 0 ? { signal: AbortSignal.any(abort) } : {}) });
    }, this.options.limits);
    const at = rfc3339(this.options.now());
    return reads.map((read) => captureOf(read, at));
  }

  close(): void {
    this.transport.agent.destroy();
  }
}

/**
 * `--collect-dataplane=all`: every Node. When Nodes cannot be listed (namespace-bound RBAC), the
 * nodes the Service needs are read instead, and the note says so.
 */
export async function everyNode(cluster: Pick<ClusterConnection, 'client'>, fallback: readonly string[]): Promise<{ nodes: (NodeObject | string)[]; note: string | null }> {
  try {
    return { nodes: (await listAll(cluster.client, paths.nodes())) as NodeObject[], note: null };
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 403)) throw err;
    return { nodes: [...fallback], note: `--collect-dataplane=all: Nodes cannot be listed (forbidden: ${err.serverMessage || 'no reason given'}); read only the nodes of the Service's pods and endpoints` };
  }
}

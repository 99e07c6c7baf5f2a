/**
 * `snapshot --collect-dataplane`: what was read on each node travels in the bundle as one
 * `NodeDataplane` item per node, in the API group of the bundle's Capture record (bundle.ts), so
 * that `explain -f bundle.json` decodes the same outputs and gives the same per-node answer
 * offline. The outputs are kept byte for byte (redaction never touches them: they hold rules, not
 * credentials, and an edited dump would no longer be what the node said).
 *
 *   apiVersion: kubectl-slices.github.io/v1alpha1
 *   kind: NodeDataplane
 *   metadata: {name: minikube}
 *   capturedAt: "2026-01-05T10:00:00Z"
 *   status: read                  # or unknown, with reason
 *   agents: [{kind: kube-proxy, namespace, pod, container, mode, outputs: [{command, reads, decoder, family, text}], notes}]
 */
import type { CapturedAgent, NodeCapture } from '../../dataplane/capture.ts';
import { InputError } from '../../failures.ts';
import type { KubeObject } from '../../kubernetes/objects.ts';
import { firstProblem, list, obj, required, str, type Shape } from '../../kubernetes/shape.ts';

/** The API group and version of the Capture record (kubectl-slices.github.io, the project's own DNS name). */
export const DATAPLANE_API_VERSION = 'kubectl-slices.github.io/v1alpha1';
export const DATAPLANE_KIND = 'NodeDataplane';

export type NodeDataplaneRecord = KubeObject & { apiVersion: typeof DATAPLANE_API_VERSION; kind: typeof DATAPLANE_KIND; metadata: { name: string } } & Omit<NodeCapture, 'node'>;

export function dataplaneRecords(captures: readonly NodeCapture[]): NodeDataplaneRecord[] {
  return captures.map(({ node, ...rest }) => ({ apiVersion: DATAPLANE_API_VERSION, kind: DATAPLANE_KIND, metadata: { name: node }, ...rest }) as NodeDataplaneRecord);
}

const OUTPUT: Shape = obj({ command: required(list(str)), reads: required(str), decoder: required(str), family: str, text: required(str) });
const AGENT: Shape = obj({ kind: required(str), namespace: required(str), pod: required(str), container: required(str), mode: required(str), replacesKubeProxy: str, outputs: required(list(OUTPUT)), notes: required(list(str)) });
const RECORD: Shape = obj({ metadata: required(obj({ name: required(str) })), capturedAt: required(str), status: required(str), reason: str, agents: list(AGENT) });

const DECODERS = new Set(['iptables', 'nftables', 'ipvs', 'cilium', 'status']);

/** The node captures in objects read from files (a `snapshot --collect-dataplane` bundle); a malformed one is refused by name. */
export function capturesIn(objects: readonly KubeObject[]): NodeCapture[] {
  const records = objects.filter((o) => o.apiVersion === DATAPLANE_API_VERSION && o.kind === DATAPLANE_KIND);
  return records.map((record) => {
    const name = typeof record.metadata?.name === 'string' ? record.metadata.name : '?';
    const refuse = (problem: string): never => {
      throw new InputError(`the ${DATAPLANE_KIND} record of node ${name}: ${problem}`);
    };
    const problem = firstProblem(record, RECORD);
    if (problem) refuse(`${problem.path} ${problem.problem}`);
    const r = record as unknown as NodeDataplaneRecord & { reason?: string; agents?: CapturedAgent[] };
    if (r.status === 'unknown') return { node: name, capturedAt: r.capturedAt, status: 'unknown', reason: r.reason ?? refuse('status unknown without a reason') };
    if (r.status !== 'read') return refuse(`status must be read or unknown, not "${String(r.status)}"`);
    const agents = r.agents ?? refuse('status read without agents');
    for (const output of agents.flatMap((a) => a.outputs)) if (!DECODERS.has(output.decoder)) refuse(`decoder "${output.decoder}" is not one of ${[...DECODERS].join(', ')}`);
    return { node: name, capturedAt: r.capturedAt, status: 'read', agents };
  });
}

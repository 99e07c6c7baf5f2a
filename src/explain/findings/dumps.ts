/**
 * A node dump named after no node the input knows. The name `--iptables NODE=FILE` gives (else the
 * file's) decides which endpoints are local to that dump, as kube-proxy decides it by its own
 * node name (pkg/proxy/topology.go CategorizeEndpoints: ep.IsLocal(), and the node's zone for
 * topology hints): a mistyped name silently compares the rules with the wrong node's. Checked
 * against the Node objects read and the nodes the pods and endpoints run on; with no Node objects
 * in the input the name cannot be checked, and the finding says only that.
 */
import type { Finding } from '../types.ts';
import { nearlySpelled } from './spelling.ts';
import type { FindingInput } from './input.ts';

const MAX_NAMED = 5;

export function dumpFindings({ view }: FindingInput): Finding[] {
  if (view.dumps.length === 0 || view.nodeNames === undefined) return [];
  const nodesUnknown = view.unknown.find((u) => u.kind === 'Node');
  const nodesKnown = nodesUnknown === undefined;
  const running = new Set([...view.pods.map((p) => p.nodeName), ...view.slices.flatMap((s) => (s.endpoints ?? []).map((e) => e.nodeName))].filter((n): n is string => Boolean(n)));
  const known = [...new Set([...(nodesKnown ? view.nodeNames : []), ...running])].sort();
  const findings: Finding[] = [];
  for (const node of [...new Set(view.dumps.map((d) => d.node))]) {
    if (known.includes(node)) continue;
    const source = view.dumps.find((d) => d.node === node)?.source ?? node;
    if (!nodesKnown) {
      findings.push({ code: 'DumpNodeNotFound', severity: 'info', message: `node ${node} (${source}) runs none of the Service's pods or endpoints, and Nodes are unknown (${nodesUnknown?.why ?? 'not read'}): whether ${node} is a node's real name is unknown` });
      continue;
    }
    const near = known.filter((k) => closeTo(node, k));
    const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
    const list = known.length === 0 ? 'none' : known.slice(0, MAX_NAMED).join(', ') + (known.length > MAX_NAMED ? ` and ${known.length - MAX_NAMED} more` : '');
    findings.push({
      code: 'DumpNodeNotFound',
      severity: 'warning',
      message: `no Node named ${node} (${source}) in the input, and none of the Service's pods or endpoints runs on it (nodes known: ${list}). Which endpoints are local to that dump is judged by that name${hint}`,
    });
  }
  return findings;
}

/** The same name but for case, a short name against its FQDN, or two edits apart. */
function closeTo(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.split('.')[0] === y || y.split('.')[0] === x || nearlySpelled(x, y);
}

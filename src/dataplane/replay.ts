/**
 * From what `--collect-dataplane` read on each node (capture.ts) to the rules explain compares
 * with the slices: each agent's outputs go through the one dump decoder (decode.ts), as a
 * `--iptables NODE=FILE` file of the same text would. Live, from a bundle and in a watch alike.
 *
 * - iptables: the `-t nat` and `-t filter` outputs of one family are one dump (iptables-save
 *   prints each table as its own `*table ... COMMIT` block, so the two outputs in a row are what
 *   `iptables-save` without -t prints for those tables).
 * - kube-proxy of unknown mode: both iptables-save and nft were read; the dump that shows
 *   kube-proxy's service routing is the mode, the other is left out (an iptables-save without
 *   KUBE-SERVICES on an nftables node shows no routing, not "no rules").
 * - kube-proxy and a Cilium agent on one node: `cilium-dbg status` says whether Cilium replaces
 *   kube-proxy (KubeProxyReplacement); only the agent that routes services is read.
 * A node none of whose outputs decode is unread, with the decoder's words.
 */
import { InputError } from '../failures.ts';
import type { NodeRules } from './types.ts';
import type { CapturedAgent, CapturedOutput, NodeCapture, UnreadNode } from './capture.ts';
import { decodeDump, type DumpSelection } from './decode.ts';
import type { Service } from '../kubernetes/objects.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import { serviceFrontends } from '../model/frontends.ts';

export interface ReplayedDataplanes {
  dumps: NodeRules[];
  unread: UnreadNode[];
}

/**
 * What a Service's dumps are decoded for, files and collected outputs alike: its name (the formats
 * that name Services) and its addresses (ipvsadm and Cilium, which name none).
 */
export function serviceSelection(service: Service): DumpSelection {
  return { service: serviceKey(service), frontends: serviceFrontends(service) };
}

/** `selection`: what a `--dataplane` file of the same text is decoded for (serviceSelection). */
export async function rulesOfCaptures(captures: readonly NodeCapture[], selection: DumpSelection = {}): Promise<ReplayedDataplanes> {
  const dumps: NodeRules[] = [];
  const unread: UnreadNode[] = [];
  for (const capture of captures) {
    if (capture.status === 'unknown') {
      unread.push({ node: capture.node, why: capture.reason });
      continue;
    }
    const decoded: DecodedAgent[] = [];
    for (const agent of routingAgents(capture.agents)) decoded.push(await decodeAgent(capture.node, agent, selection));
    const rules = decoded.flatMap((d) => d.rules);
    if (rules.length > 0) dumps.push(...rules);
    else unread.push({ node: capture.node, why: decoded.map((d) => d.problem).find((p) => p !== null) ?? `nothing read on node ${capture.node} shows its service rules` });
  }
  return { dumps, unread };
}

/** The agents whose rules route the node's services. */
function routingAgents(agents: readonly CapturedAgent[]): CapturedAgent[] {
  const cilium = agents.find((a) => a.kind === 'cilium');
  if (!cilium || agents.length === 1) return [...agents];
  if (cilium.replacesKubeProxy === 'yes') return [cilium];
  if (cilium.replacesKubeProxy === 'no') return agents.filter((a) => a !== cilium);
  return [...agents];
}

interface DecodedAgent {
  rules: NodeRules[];
  problem: string | null;
}

async function decodeAgent(node: string, agent: CapturedAgent, selection: DumpSelection): Promise<DecodedAgent> {
  const rules: NodeRules[] = [];
  let problem: string | null = null;
  for (const group of dumpGroups(agent.outputs)) {
    const source = `exec ${agent.namespace}/${agent.pod}: ${group.map((o) => o.command.join(' ')).join('; ')}`;
    const text = group.map((o) => o.text).join('');
    try {
      rules.push(await decodeDump(text, { ...selection, node, source }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problem ??= err.message;
    }
  }
  const shown = rules.filter(showsRouting);
  // Two readers of one kube-proxy (its mode unknown): the one that shows routing is its mode.
  if (rules.length > 1 && shown.length > 0) return { rules: shown, problem };
  return { rules, problem };
}

/** Outputs decoded together: one per decoder and IP family, in the order they were read. */
function dumpGroups(outputs: readonly CapturedOutput[]): CapturedOutput[][] {
  const groups = new Map<string, CapturedOutput[]>();
  for (const output of outputs) {
    if (output.decoder === 'status') continue;
    const key = `${output.decoder}/${output.family ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), output]);
  }
  return [...groups.values()];
}

/** Whether a dump shows kube-proxy's service routing: a service port, or at least its KUBE-SERVICES chain. */
function showsRouting(rules: NodeRules): boolean {
  return rules.services.length > 0 || rules.orphanEndpoints.length > 0;
}

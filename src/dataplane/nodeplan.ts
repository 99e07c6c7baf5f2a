/**
 * For each node: which agent pods to exec in, the agent's mode as far as the API shows it, and the
 * commands that print its rules; or why no agent can be read there, stated as evidence. A node
 * without an agent pod is "no-agent" only when the objects say so; when they could not be read it
 * is "unknown", never absent.
 *
 * Pure: the caller lists the agent pods (AGENT_POD_SELECTORS), the DaemonSets and the ConfigMaps.
 */
import type { KubeObject, NodeObject } from '../kubernetes/objects.ts';
import { agentPodsByNode, type AgentKind, type AgentPod, type AgentPodChoice } from './agentpods.ts';
import { kubeProxyMode, type ConfigMapLookup, type ModeFinding } from './proxymode.ts';
import { ciliumReadPlan, kubeProxyReadPlan, type IpFamily, type ReadStep } from './readcommands.ts';

export type Listing = { state: 'read'; items: KubeObject[] } | { state: 'unknown'; why: string };

export interface AgentObjects {
  /** The namespace the agents were looked for in (kube-system). */
  namespace: string;
  pods: Listing;
  daemonSets: Listing;
  configMaps: ConfigMapLookup;
}

export type AgentPlan =
  | { kind: 'kube-proxy'; pod: AgentPod; mode: ModeFinding; steps: ReadStep[]; notes: string[] }
  /** Cilium's mode (does it replace kube-proxy?) is known only after `probe` runs. */
  | { kind: 'cilium'; pod: AgentPod; probe: ReadStep; steps: ReadStep[]; notes: string[] };

export type NodePlan =
  | { node: string; status: 'planned'; agents: AgentPlan[] }
  /** The objects show no agent pod on the node (and say why). */
  | { node: string; status: 'no-agent'; reason: string }
  /** What would tell could not be read, or the agent pod there is not running. */
  | { node: string; status: 'unknown'; reason: string };

interface NodeShape {
  metadata?: { name?: string; labels?: Record<string, string> };
  status?: { nodeInfo?: { kubeletVersion?: string } };
}

/** `nodes`: Node objects where they were read, names where not. */
export function planNodes(nodes: readonly (NodeObject | string)[], objects: AgentObjects, families: readonly IpFamily[]): NodePlan[] {
  if (objects.pods.state === 'unknown') {
    const reason = `the agent pods in ${objects.namespace} could not be listed (${objects.pods.why})`;
    return nodes.map((n) => ({ node: nameOf(n), status: 'unknown', reason }));
  }
  const byNode = agentPodsByNode(objects.pods.items);
  return nodes.map((n) => planNode(n, byNode.get(nameOf(n)), objects, families));
}

function planNode(node: NodeObject | string, choices: Map<AgentKind, AgentPodChoice> | undefined, objects: AgentObjects, families: readonly IpFamily[]): NodePlan {
  const name = nameOf(node);
  const usable = [...(choices?.values() ?? [])].filter((c): c is Extract<AgentPodChoice, { usable: true }> => c.usable);
  const unusable = [...(choices?.values() ?? [])].filter((c): c is Extract<AgentPodChoice, { usable: false }> => !c.usable);
  if (usable.length === 0 && unusable.length > 0) return { node: name, status: 'unknown', reason: unusable.map((c) => c.reason).join('; ') };
  if (usable.length === 0) return noAgent(node, objects);
  const os = typeof node === 'string' ? undefined : node.metadata.labels?.['kubernetes.io/os'];
  const agents = usable.map((c): AgentPlan => {
    if (c.pod.kind === 'cilium') return { kind: 'cilium', pod: c.pod, ...ciliumReadPlan(), notes: [] };
    const mode = kubeProxyMode(c.object, c.pod.container, objects.configMaps, os);
    return { kind: 'kube-proxy', pod: c.pod, mode, ...kubeProxyReadPlan(mode, families) };
  });
  const notes = unusable.map((c) => `${c.reason}: not read`);
  if (agents.length > 1) notes.push(`kube-proxy and the Cilium agent both run on node ${name}: whether Cilium replaces kube-proxy is what cilium-dbg status says (KubeProxyReplacement)`);
  const first = agents[0] as AgentPlan;
  first.notes.push(...notes);
  return { node: name, status: 'planned', agents };
}

/** No agent pod on the node: say what the objects show about why. */
function noAgent(node: NodeObject | string, objects: AgentObjects): NodePlan {
  const name = nameOf(node);
  const shape = typeof node === 'string' ? null : (node as NodeShape);
  const kubelet = shape?.status?.nodeInfo?.kubeletVersion ?? '';
  if (/\+k3s/.test(kubelet)) {
    return { node: name, status: 'no-agent', reason: `no agent pod on node ${name}: k3s runs kube-proxy inside the k3s process, not in a pod (kubelet ${kubelet}); its rules can only be read on the node` };
  }
  if (objects.daemonSets.state === 'unknown') {
    return { node: name, status: 'no-agent', reason: `no kube-proxy or Cilium agent pod on node ${name} in ${objects.namespace} (its DaemonSets could not be listed: ${objects.daemonSets.why})` };
  }
  const daemonSets = objects.daemonSets.items.filter((d) => ['kube-proxy', 'cilium'].includes(d.metadata?.labels?.['k8s-app'] ?? d.metadata?.name ?? ''));
  if (daemonSets.length === 0) {
    return {
      node: name, status: 'no-agent',
      reason: `no agent pod on node ${name}: ${objects.namespace} has no kube-proxy or Cilium DaemonSet and no kube-proxy static pod there; kube-proxy may run outside pods (k3s, a systemd unit), or the dataplane is one this tool does not read`,
    };
  }
  const why = daemonSets.map((d) => excludedBy(d, shape)).find((w) => w !== null);
  const names = daemonSets.map((d) => `${objects.namespace}/${d.metadata?.name}`).join(' and ');
  const subject = daemonSets.length > 1 ? `DaemonSets ${names} have` : `DaemonSet ${names} has`;
  return { node: name, status: 'no-agent', reason: `no agent pod on node ${name}: ${subject} no pod there (${why ?? 'not scheduled there yet, or its tolerations keep it off the node'})` };
}

/** A nodeSelector of the DaemonSet's pod template that the node's labels do not satisfy. */
function excludedBy(daemonSet: KubeObject, node: NodeShape | null): string | null {
  const selector = (daemonSet.spec as { template?: { spec?: { nodeSelector?: Record<string, string> } } } | undefined)?.template?.spec?.nodeSelector ?? {};
  if (!node) return null;
  const miss = Object.entries(selector).find(([k, v]) => node.metadata?.labels?.[k] !== v);
  return miss ? `its nodeSelector ${miss[0]}=${miss[1]} excludes the node, which has ${miss[0]}=${node.metadata?.labels?.[miss[0]] ?? '(unset)'}` : null;
}

function nameOf(node: NodeObject | string): string {
  return typeof node === 'string' ? node : node.metadata.name;
}

/**
 * Which pod on a node holds its dataplane agent, found by the labels the installers set:
 * - kube-proxy as a DaemonSet: `k8s-app=kube-proxy` (kubeadm, kind, kops, EKS;
 *   cmd/kubeadm/app/phases/addons/proxy/manifests.go KubeProxyDaemonSet19), container `kube-proxy`.
 * - kube-proxy as a static (mirror) pod: `component=kube-proxy` (rke2 pkg/staticpod/staticpod.go
 *   labels `component: <command>, tier: control-plane`; GKE's `kube-proxy-<node>` pods carry
 *   `component: kube-proxy, tier: node`).
 * - the Cilium agent: `k8s-app=cilium` (install/kubernetes/cilium/templates/cilium-agent/
 *   daemonset.yaml), container `cilium-agent`.
 * k3s runs kube-proxy inside the k3s process: there is no pod to find (nodeplan.ts says so).
 *
 * Pure: it reads pods as the API serves them.
 */
import type { KubeObject } from '../kubernetes/objects.ts';

export type AgentKind = 'kube-proxy' | 'cilium';

/** Label selectors that list every agent pod (a selector cannot OR two keys, hence two). */
export const AGENT_POD_SELECTORS = ['k8s-app in (kube-proxy,cilium)', 'component=kube-proxy'] as const;

const CONTAINER: Record<AgentKind, string> = { 'kube-proxy': 'kube-proxy', cilium: 'cilium-agent' };

export interface AgentPod {
  kind: AgentKind;
  node: string;
  namespace: string;
  pod: string;
  container: string;
}

/** The agent pod chosen for one node and kind, or why the one there cannot be exec'd into. */
export type AgentPodChoice = { usable: true; pod: AgentPod; object: KubeObject } | { usable: false; pod: string; reason: string };

interface PodShape {
  spec?: { nodeName?: string; containers?: { name: string }[] };
  status?: { phase?: string; containerStatuses?: { name: string; state?: { running?: object; waiting?: { reason?: string }; terminated?: { reason?: string } } }[] };
}

export function agentKindOf(pod: KubeObject): AgentKind | null {
  const labels = pod.metadata?.labels ?? {};
  if (labels['k8s-app'] === 'cilium') return 'cilium';
  if (labels['k8s-app'] === 'kube-proxy' || labels.component === 'kube-proxy') return 'kube-proxy';
  return null;
}

/** node → kind → the pod to exec in. Several pods of a kind on a node (a rollout): the running, newest one. */
export function agentPodsByNode(pods: readonly KubeObject[]): Map<string, Map<AgentKind, AgentPodChoice>> {
  const candidates = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const kind = agentKindOf(pod);
    const node = (pod as PodShape).spec?.nodeName;
    if (!kind || !node) continue;
    const key = `${node}\u0000${kind}`;
    candidates.set(key, [...(candidates.get(key) ?? []), pod]);
  }
  const byNode = new Map<string, Map<AgentKind, AgentPodChoice>>();
  for (const [key, list] of candidates) {
    const [node = '', kind] = key.split('\u0000') as [string, AgentKind];
    const best = [...list].sort(preference)[0] as KubeObject;
    const choices = byNode.get(node) ?? new Map<AgentKind, AgentPodChoice>();
    choices.set(kind, choose(best, kind, node));
    byNode.set(node, choices);
  }
  return byNode;
}

function choose(pod: KubeObject, kind: AgentKind, node: string): AgentPodChoice {
  const name = pod.metadata?.name ?? '';
  const container = containerOf(pod, kind);
  const why = notRunning(pod, container);
  if (why) return { usable: false, pod: name, reason: `${kind} pod ${pod.metadata?.namespace}/${name} on node ${node} ${why}` };
  return { usable: true, pod: { kind, node, namespace: pod.metadata?.namespace ?? '', pod: name, container }, object: pod };
}

/** The agent's container: its usual name, else the only or first container. */
export function containerOf(pod: KubeObject, kind: AgentKind): string {
  const names = ((pod as PodShape).spec?.containers ?? []).map((c) => c.name);
  return names.includes(CONTAINER[kind]) ? CONTAINER[kind] : names.find((n) => n.includes(kind)) ?? names[0] ?? CONTAINER[kind];
}

/** Exec needs the container running (the kubelet answers "container not found" otherwise). */
function notRunning(pod: KubeObject, container: string): string | null {
  if (pod.metadata?.deletionTimestamp) return `is terminating (since ${pod.metadata.deletionTimestamp})`;
  const status = (pod as PodShape).status;
  const state = status?.containerStatuses?.find((c) => c.name === container)?.state;
  if (state?.running) return null;
  if (state?.waiting) return `has container ${container} waiting (${state.waiting.reason ?? 'no reason given'})`;
  if (state?.terminated) return `has container ${container} terminated (${state.terminated.reason ?? 'no reason given'})`;
  if (status?.phase === 'Running') return null; // no container status reported: trust the phase
  return `is not running (phase ${status?.phase ?? 'unknown'})`;
}

/** Running and not terminating first, then the newest. */
function preference(a: KubeObject, b: KubeObject): number {
  const rank = (p: KubeObject): number => (notRunning(p, containerOf(p, agentKindOf(p) ?? 'kube-proxy')) ? 1 : 0);
  return rank(a) - rank(b) || (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '');
}

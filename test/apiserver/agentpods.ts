/**
 * The agent pods that `--node-dump` serves exec in, shaped as their installers make them:
 * - kube-proxy as kubeadm deploys it (cmd/kubeadm/app/phases/addons/proxy/manifests.go): DaemonSet
 *   `kube-proxy` in kube-system, pod label `k8s-app: kube-proxy`, container `kube-proxy` running
 *   `/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=$(NODE_NAME)`,
 *   hostNetwork, and the `kube-proxy` ConfigMap whose `config.conf` holds `mode:`.
 * - the Cilium agent as its Helm chart deploys it (install/kubernetes/cilium/templates/cilium-agent/
 *   daemonset.yaml): DaemonSet `cilium`, labels `k8s-app: cilium` and `app.kubernetes.io/name:
 *   cilium-agent`, container `cilium-agent`.
 * Pods get what the DaemonSet controller adds: a generated name, `controller-revision-hash` and
 * `pod-template-generation` labels, a controller ownerReference and a node affinity on the node.
 * A pod the snapshot already has on that node (same label) is used as it is.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../src/kubernetes/objects.ts';
import { SERVER_VERSION } from './discovery.ts';
import { agentOf, type AgentKind, type NodeDump } from './nodedumps.ts';
import { resourceByKind } from './resources.ts';
import type { ObjectStore } from './store.ts';

export const AGENT_NAMESPACE = 'kube-system';

/** Where exec for one node's dumps goes. */
export interface AgentTarget {
  agent: AgentKind;
  node: string;
  namespace: string;
  pod: string;
  container: string;
  dumps: NodeDump[];
}

const SHAPE: Record<AgentKind, { app: string; container: string; image: string; labels: Record<string, string> }> = {
  'kube-proxy': { app: 'kube-proxy', container: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${SERVER_VERSION.gitVersion}`, labels: { 'k8s-app': 'kube-proxy' } },
  cilium: {
    app: 'cilium', container: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.17.0',
    labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium' },
  },
};

const STARTED = '2025-05-20T08:01:00Z';

/** Creates what is missing (DaemonSets, the kube-proxy ConfigMap, agent pods) and says where each node's exec goes. */
export function installAgents(store: ObjectStore, dumps: readonly NodeDump[], withoutPod: ReadonlySet<string>): AgentTarget[] {
  const groups = new Map<string, NodeDump[]>();
  for (const dump of dumps) {
    const key = `${agentOf(dump.kind)}\u0000${dump.node}`;
    groups.set(key, [...(groups.get(key) ?? []), dump]);
  }
  const proxyModes = new Map<string, string>();
  for (const d of dumps) if (agentOf(d.kind) === 'kube-proxy') proxyModes.set(d.node, d.kind === 'nftables' ? 'nftables' : 'iptables');
  const modes = new Set(proxyModes.values());
  // kubeadm has one ConfigMap for every node; nodes of another mode get the flag instead (not kubeadm's layout).
  const clusterMode = modes.size === 1 ? [...modes][0] ?? 'iptables' : 'iptables';
  if (modes.size > 0) ensure(store, kubeProxyConfigMap(clusterMode));
  const targets: AgentTarget[] = [];
  for (const group of groups.values()) {
    const first = group[0] as NodeDump;
    const agent = agentOf(first.kind);
    const daemonSet = ensure(store, daemonSetOf(agent));
    const existing = agentPodOn(store, agent, first.node);
    if (!existing && withoutPod.has(first.node)) continue;
    const mode = proxyModes.get(first.node) ?? 'iptables';
    const pod = existing ?? store.upsert(agentPod(agent, first.node, daemonSet, mode === clusterMode ? null : mode, nodeIP(store, first.node)));
    const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
    const container = containers.includes(SHAPE[agent].container) ? SHAPE[agent].container : containers[0] ?? SHAPE[agent].container;
    targets.push({ agent, node: first.node, namespace: pod.metadata?.namespace ?? AGENT_NAMESPACE, pod: pod.metadata?.name ?? '', container, dumps: group });
  }
  return targets;
}

function agentPodOn(store: ObjectStore, agent: AgentKind, node: string): KubeObject | undefined {
  const type = resourceByKind('Pod');
  if (!type) return undefined;
  return store.listAt(type, AGENT_NAMESPACE)?.map((e) => e.object).find((p) =>
    p.metadata?.labels?.['k8s-app'] === SHAPE[agent].labels['k8s-app'] && (p.spec as { nodeName?: string } | undefined)?.nodeName === node);
}

function ensure(store: ObjectStore, obj: KubeObject): KubeObject {
  const type = resourceByKind(obj.kind ?? '');
  const existing = type && store.get(type, obj.metadata?.namespace, obj.metadata?.name ?? '');
  return existing ?? store.upsert(obj);
}

function nodeIP(store: ObjectStore, node: string): string | undefined {
  const type = resourceByKind('Node');
  const obj = type && store.get(type, undefined, node);
  const addresses = (obj?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}

function daemonSetOf(agent: AgentKind): KubeObject {
  const { app, labels } = SHAPE[agent];
  const selector = { 'k8s-app': labels['k8s-app'] ?? app };
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: app, namespace: AGENT_NAMESPACE, labels: agent === 'cilium' ? { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent' } : { 'k8s-app': app } },
    spec: { selector: { matchLabels: selector }, template: { metadata: { labels }, spec: podSpec(agent, null) }, updateStrategy: { type: 'RollingUpdate' } },
  };
}

/** `mode` set: this node runs another mode than the ConfigMap's, given as a flag (kube-proxy ignores flags next to --config). */
function podSpec(agent: AgentKind, mode: string | null): Record<string, unknown> {
  const { container, image } = SHAPE[agent];
  const command = agent === 'cilium'
    ? { command: ['cilium-agent'], args: ['--config-dir=/tmp/cilium/config-map'] }
    : { command: ['/usr/local/bin/kube-proxy', mode ? `--proxy-mode=${mode}` : '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'] };
  // kubeadm mounts the kube-proxy ConfigMap where --config reads it.
  const files = agent === 'cilium' ? {} : {
    volumeMounts: [{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' }, { mountPath: '/run/xtables.lock', name: 'xtables-lock' }, { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }],
  };
  const volumes = agent === 'cilium' ? [] : [
    { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
    { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
    { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
  ];
  return {
    containers: [{ name: container, image, imagePullPolicy: 'IfNotPresent', ...command, ...files, securityContext: { privileged: true } }],
    volumes,
    hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: agent === 'cilium' ? 'cilium' : 'kube-proxy',
    nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }],
  };
}

function agentPod(agent: AgentKind, node: string, daemonSet: KubeObject, mode: string | null, ip: string | undefined): KubeObject {
  const { app, container, image, labels } = SHAPE[agent];
  const ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: app, uid: daemonSet.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }];
  const metadata: ObjectMeta = {
    name: `${app}-${suffix(node)}`, generateName: `${app}-`, namespace: AGENT_NAMESPACE,
    labels: { ...labels, 'controller-revision-hash': revision(agent), 'pod-template-generation': '1' },
    ownerReferences,
  };
  // The DaemonSet controller pins each pod to its node with a required node affinity.
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
  const ready = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: STARTED }));
  return {
    apiVersion: 'v1', kind: 'Pod', metadata,
    spec: { ...podSpec(agent, mode), nodeName: node, affinity },
    status: {
      phase: 'Running', conditions: ready, startTime: STARTED, qosClass: 'BestEffort',
      ...(ip ? { hostIP: ip, hostIPs: [{ ip }], podIP: ip, podIPs: [{ ip }] } : {}),
      containerStatuses: [{ name: container, image, imageID: '', containerID: `containerd://${hex(`${agent}/${node}`)}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: STARTED } } }],
    },
  };
}

function kubeProxyConfigMap(mode: string): KubeObject {
  // Trimmed: kubeadm writes the whole KubeProxyConfiguration; `mode: ""` means iptables on Linux.
  const config = ['apiVersion: kubeproxy.config.k8s.io/v1alpha1', 'kind: KubeProxyConfiguration', 'bindAddress: 0.0.0.0',
    'clientConnection:', '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf', `mode: ${mode === 'iptables' ? '""' : mode}`].join('\n');
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: AGENT_NAMESPACE, labels: { app: 'kube-proxy' } }, data: { 'config.conf': config } };
}

/** k8s.io/apimachinery/pkg/util/rand's alphabet for generated names (no vowels, no 0/1/3). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(node: string): string {
  const digest = createHash('sha256').update(node).digest();
  return [...digest.subarray(0, 5)].map((b) => ALPHANUMS[b % ALPHANUMS.length]).join('');
}

function revision(agent: AgentKind): string {
  return hex(agent).slice(0, 10).replace(/[0-9]/g, (d) => ALPHANUMS[Number(d)] ?? 'b');
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

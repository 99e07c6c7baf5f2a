/**
 * Agent pods, DaemonSets and Nodes shaped as their installers write them, for the node-plan
 * tables:
 * - kubeadm's kube-proxy (cmd/kubeadm/app/phases/addons/proxy/manifests.go): DaemonSet pods with
 *   `k8s-app: kube-proxy`, `--config=/var/lib/kube-proxy/config.conf` from ConfigMap `kube-proxy`
 *   mounted at /var/lib/kube-proxy, nodeSelector `kubernetes.io/os: linux`.
 * - rke2's static kube-proxy (rke2 pkg/staticpod/staticpod.go: name = command, labels `component`
 *   and `tier: control-plane`; mirror pod `kube-proxy-<node>`), flags as k3s's agent builds them
 *   (pkg/daemons/agent: proxy-mode, healthz-bind-address, kubeconfig, cluster-cidr, hostname-override).
 * - the Cilium agent (install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml).
 */
import type { KubeObject, NodeObject } from '../../src/kubernetes/objects.ts';

const running = (name: string) => ({ phase: 'Running', containerStatuses: [{ name, ready: true, state: { running: { startedAt: '2025-05-20T08:01:00Z' } } }] });

export function kubeadmProxyPod(node: string, extra: { suffix?: string; command?: string[]; status?: object; created?: string; deleting?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `kube-proxy-${extra.suffix ?? node.slice(-5)}`, namespace: 'kube-system', creationTimestamp: extra.created ?? '2025-05-20T08:00:00Z',
      labels: { 'controller-revision-hash': '6b9f9f7c5d', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' },
      ownerReferences: [{ kind: 'DaemonSet', name: 'kube-proxy', controller: true }],
      ...(extra.deleting ? { deletionTimestamp: extra.deleting } : {}),
    },
    spec: {
      nodeName: node, hostNetwork: true,
      containers: [{
        name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4',
        command: extra.command ?? ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
        volumeMounts: [{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' }, { mountPath: '/run/xtables.lock', name: 'xtables-lock' }, { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }],
      }],
      volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }, { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } }, { name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
    },
    status: extra.status ?? running('kube-proxy'),
  };
}

export function rke2ProxyPod(node: string, mode = 'iptables'): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `kube-proxy-${node}`, namespace: 'kube-system', labels: { component: 'kube-proxy', tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.mirror': '2f2a0c5c1d', 'kubernetes.io/config.source': 'file' },
      ownerReferences: [{ kind: 'Node', name: node, controller: true }],
    },
    spec: {
      nodeName: node, hostNetwork: true,
      containers: [{
        name: 'kube-proxy', image: 'index.docker.io/rancher/hardened-kubernetes:v1.31.2-rke2r1-build20241023',
        command: ['kube-proxy', '--cluster-cidr=10.42.0.0/16', '--healthz-bind-address=127.0.0.1', `--hostname-override=${node}`,
          '--kubeconfig=/var/lib/rancher/rke2/agent/kubeproxy.kubeconfig', `--proxy-mode=${mode}`],
      }],
    },
    status: running('kube-proxy'),
  };
}

export function ciliumPod(node: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `cilium-${node.slice(-5)}`, namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium', 'k8s-app': 'cilium' } },
    spec: { nodeName: node, hostNetwork: true, containers: [{ name: 'cilium-agent', command: ['cilium-agent'], args: ['--config-dir=/tmp/cilium/config-map'] }] },
    status: running('cilium-agent'),
  };
}

export function daemonSet(name: 'kube-proxy' | 'cilium'): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'kube-system', labels: { 'k8s-app': name } },
    spec: { selector: { matchLabels: { 'k8s-app': name } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
  };
}

export function node(name: string, extra: { os?: string; kubelet?: string } = {}): NodeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': extra.os ?? 'linux' } },
    status: { nodeInfo: { kubeletVersion: extra.kubelet ?? 'v1.32.4' } } as NodeObject['status'],
  };
}

/** kubeadm's KubeProxyConfiguration, trimmed to the fields around `mode`. */
export function kubeProxyConfig(mode: string): string {
  return ['apiVersion: kubeproxy.config.k8s.io/v1alpha1', 'bindAddress: 0.0.0.0', 'clusterCIDR: 10.244.0.0/16', 'iptables:', '  masqueradeAll: false',
    'ipvs:', '  scheduler: ""', 'kind: KubeProxyConfiguration', `mode: ${mode}`, 'nftables:', '  masqueradeBit: null'].join('\n');
}

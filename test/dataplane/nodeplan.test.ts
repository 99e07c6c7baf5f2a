import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { KubeObject, NodeObject } from '../../src/kubernetes/objects.ts';
import { planNodes, type AgentObjects, type NodePlan } from '../../src/dataplane/nodeplan.ts';
import { ciliumKubeProxyReplacement, configFileMode, type ConfigMapRead } from '../../src/dataplane/proxymode.ts';
import type { IpFamily } from '../../src/dataplane/readcommands.ts';
import { ciliumPod, daemonSet, kubeadmProxyPod, kubeProxyConfig, node, rke2ProxyPod } from './agents.ts';

interface Case {
  name: string;
  nodes?: (NodeObject | string)[];
  pods?: KubeObject[] | { forbidden: string };
  daemonSets?: KubeObject[] | { forbidden: string };
  configMap?: ConfigMapRead;
  families?: IpFamily[];
  /** What the plan of the first node says, as one line per agent ("kube-proxy iptables: argv | argv") or the status and reason. */
  expect: string[];
  notes?: RegExp;
}

const forbidden = (what: string) => ({ forbidden: `${what} is forbidden: User "viewer" cannot list resource "${what}" in API group "" in the namespace "kube-system"` });

const cases: Case[] = [
  {
    name: 'kubeadm, mode "" in the ConfigMap: iptables, nat and filter tables',
    pods: [kubeadmProxyPod('node-a')], configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('""') } },
    expect: ['kube-proxy kube-system/kube-proxy-ode-a iptables (ConfigMap kube-system/kube-proxy key config.conf: mode: "" (empty means iptables on Linux)): iptables-save -t nat | iptables-save -t filter'],
  },
  {
    name: 'kubeadm nftables, dual-stack Service: both nft tables',
    pods: [kubeadmProxyPod('node-a')], configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('nftables') } }, families: ['IPv4', 'IPv6'],
    expect: ['kube-proxy kube-system/kube-proxy-ode-a nftables (ConfigMap kube-system/kube-proxy key config.conf: mode: nftables): nft list table ip kube-proxy | nft list table ip6 kube-proxy'],
  },
  {
    name: 'kubeadm IPVS: iptables-save only, and it says why',
    pods: [kubeadmProxyPod('node-a')], configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('"ipvs"') } },
    expect: ['kube-proxy kube-system/kube-proxy-ode-a ipvs (ConfigMap kube-system/kube-proxy key config.conf: mode: ipvs): iptables-save -t nat | iptables-save -t filter'],
    notes: /IPVS mode: its virtual servers need ipvsadm, which the kube-proxy image does not have/,
  },
  {
    name: '--proxy-mode next to --config is ignored by kube-proxy: the ConfigMap decides',
    pods: [kubeadmProxyPod('node-a', { command: ['/usr/local/bin/kube-proxy', '--proxy-mode=ipvs', '--config=/var/lib/kube-proxy/config.conf'] })],
    configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('nftables') } },
    expect: ['kube-proxy kube-system/kube-proxy-ode-a nftables (ConfigMap kube-system/kube-proxy key config.conf: mode: nftables): nft list table ip kube-proxy'],
  },
  {
    name: 'the ConfigMap is forbidden: mode unknown, both readers tried',
    pods: [kubeadmProxyPod('node-a')], configMap: { state: 'unknown', why: 'forbidden: configmaps "kube-proxy" is forbidden' },
    expect: ['kube-proxy kube-system/kube-proxy-ode-a unknown (ConfigMap kube-system/kube-proxy key config.conf could not be read (forbidden: configmaps "kube-proxy" is forbidden)): iptables-save -t nat? | iptables-save -t filter? | nft list table ip kube-proxy?'],
  },
  {
    name: 'the ConfigMap is gone: mode unknown, saying so',
    pods: [kubeadmProxyPod('node-a')], configMap: { state: 'absent' },
    expect: ['kube-proxy kube-system/kube-proxy-ode-a unknown (ConfigMap kube-system/kube-proxy key config.conf, which pod kube-system/kube-proxy-ode-a reads with --config, does not exist): iptables-save -t nat? | iptables-save -t filter? | nft list table ip kube-proxy?'],
  },
  {
    name: 'rke2\'s static pod (component=kube-proxy), mode from its flags',
    pods: [rke2ProxyPod('node-a', 'nftables')],
    expect: ['kube-proxy kube-system/kube-proxy-node-a nftables (pod kube-system/kube-proxy-node-a runs kube-proxy --proxy-mode=nftables): nft list table ip kube-proxy'],
  },
  {
    name: 'a shell script command line: the flag inside the script',
    pods: [kubeadmProxyPod('node-a', { command: ['/bin/sh', '-c', 'kube-proxy --masquerade-all --proxy-mode ipvs --kubeconfig /etc/kubelet/kubelet'] })],
    expect: ['kube-proxy kube-system/kube-proxy-ode-a ipvs (pod kube-system/kube-proxy-ode-a runs kube-proxy --proxy-mode=ipvs): iptables-save -t nat | iptables-save -t filter'],
  },
  {
    name: 'the Cilium agent: status first (does it replace kube-proxy?), then the service table; cilium before v1.15',
    pods: [ciliumPod('node-a')],
    expect: ['cilium kube-system/cilium-ode-a cilium-agent: probe cilium-dbg status (or cilium status): cilium-dbg service list -o json (or cilium service list -o json)'],
  },
  {
    name: 'Cilium beside kube-proxy: both read, and the plan says which one decides',
    pods: [kubeadmProxyPod('node-a'), ciliumPod('node-a')], configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('""') } },
    expect: [
      'kube-proxy kube-system/kube-proxy-ode-a iptables (ConfigMap kube-system/kube-proxy key config.conf: mode: "" (empty means iptables on Linux)): iptables-save -t nat | iptables-save -t filter',
      'cilium kube-system/cilium-ode-a cilium-agent: probe cilium-dbg status (or cilium status): cilium-dbg service list -o json (or cilium service list -o json)',
    ],
    notes: /both run on node node-a: whether Cilium replaces kube-proxy is what cilium-dbg status says/,
  },
  {
    name: 'a rollout: the running new pod, not the crash-looping old one',
    pods: [kubeadmProxyPod('node-a', { suffix: 'old11', created: '2025-05-20T08:00:00Z', status: { phase: 'Running', containerStatuses: [{ name: 'kube-proxy', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } }),
      kubeadmProxyPod('node-a', { suffix: 'new22', created: '2025-06-01T10:00:00Z' })],
    configMap: { state: 'read', data: { 'config.conf': kubeProxyConfig('""') } },
    expect: ['kube-proxy kube-system/kube-proxy-new22 iptables (ConfigMap kube-system/kube-proxy key config.conf: mode: "" (empty means iptables on Linux)): iptables-save -t nat | iptables-save -t filter'],
  },
  {
    name: 'the only kube-proxy pod crash-loops: unknown, with its state',
    pods: [kubeadmProxyPod('node-a', { status: { phase: 'Running', containerStatuses: [{ name: 'kube-proxy', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] } })],
    expect: ['unknown: kube-proxy pod kube-system/kube-proxy-ode-a on node node-a has container kube-proxy waiting (CrashLoopBackOff)'],
  },
  {
    name: 'a terminating pod: unknown',
    pods: [kubeadmProxyPod('node-a', { deleting: '2025-06-01T10:00:00Z' })],
    expect: ['unknown: kube-proxy pod kube-system/kube-proxy-ode-a on node node-a is terminating (since 2025-06-01T10:00:00Z)'],
  },
  {
    name: 'a Windows node: kernelspace cannot be read',
    nodes: [node('node-a', { os: 'windows' })], pods: [rke2ProxyPod('node-a', '')],
    expect: ['kube-proxy kube-system/kube-proxy-node-a kernelspace (pod kube-system/kube-proxy-node-a runs kube-proxy --proxy-mode= (empty means kernelspace on Windows)): '],
    notes: /kernelspace mode \(Windows HNS\): its rules cannot be read by exec/,
  },
  {
    name: 'k3s: kube-proxy runs inside the k3s process',
    nodes: [node('node-a', { kubelet: 'v1.30.2+k3s1' })], pods: [], daemonSets: [],
    expect: ['no-agent: no agent pod on node node-a: k3s runs kube-proxy inside the k3s process, not in a pod (kubelet v1.30.2+k3s1); its rules can only be read on the node'],
  },
  {
    name: 'a Windows node the Linux-only DaemonSet skips',
    nodes: [node('node-a', { os: 'windows' })], pods: [kubeadmProxyPod('node-b')], daemonSets: [daemonSet('kube-proxy')],
    expect: ['no-agent: no agent pod on node node-a: DaemonSet kube-system/kube-proxy has no pod there (its nodeSelector kubernetes.io/os=linux excludes the node, which has kubernetes.io/os=windows)'],
  },
  {
    name: 'a Linux node the DaemonSet has not reached',
    nodes: [node('node-a')], pods: [], daemonSets: [daemonSet('kube-proxy'), daemonSet('cilium')],
    expect: ['no-agent: no agent pod on node node-a: DaemonSets kube-system/kube-proxy and kube-system/cilium have no pod there (not scheduled there yet, or its tolerations keep it off the node)'],
  },
  {
    name: 'no agent DaemonSet at all',
    pods: [], daemonSets: [],
    expect: ['no-agent: no agent pod on node node-a: kube-system has no kube-proxy or Cilium DaemonSet and no kube-proxy static pod there; kube-proxy may run outside pods (k3s, a systemd unit), or the dataplane is one this tool does not read'],
  },
  {
    name: 'DaemonSets forbidden: no pod, and why unknown',
    pods: [], daemonSets: forbidden('daemonsets'),
    expect: ['no-agent: no kube-proxy or Cilium agent pod on node node-a in kube-system (its DaemonSets could not be listed: daemonsets is forbidden: User "viewer" cannot list resource "daemonsets" in API group "" in the namespace "kube-system")'],
  },
  {
    name: 'pods forbidden: every node unknown, never "no agent"',
    nodes: ['node-a', 'node-b'], pods: forbidden('pods'),
    expect: ['unknown: the agent pods in kube-system could not be listed (pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "kube-system")'],
  },
];

function listing(value: KubeObject[] | { forbidden: string } | undefined): AgentObjects['pods'] {
  if (value === undefined) return { state: 'read', items: [] };
  return Array.isArray(value) ? { state: 'read', items: value } : { state: 'unknown', why: value.forbidden };
}

function describePlan(plan: NodePlan): string[] {
  if (plan.status !== 'planned') return [`${plan.status}: ${plan.reason}`];
  return plan.agents.map((a) => {
    const step = (s: { argv: string[]; fallbackArgv?: string[]; optional: boolean }) => `${s.argv.join(' ')}${s.fallbackArgv ? ` (or ${s.fallbackArgv.join(' ')})` : ''}${s.optional ? '?' : ''}`;
    const where = `${a.pod.namespace}/${a.pod.pod}`;
    if (a.kind === 'cilium') return `cilium ${where} ${a.pod.container}: probe ${step(a.probe)}: ${a.steps.map(step).join(' | ')}`;
    const mode = a.mode.known ? `${a.mode.mode} (${a.mode.evidence})` : `unknown (${a.mode.missing})`;
    return `kube-proxy ${where} ${mode}: ${a.steps.map(step).join(' | ')}`;
  });
}

describe('planNodes: which agent pod to exec in on each node, its mode and its commands', () => {
  for (const c of cases) {
    it(c.name, () => {
      const objects: AgentObjects = {
        namespace: 'kube-system', pods: listing(c.pods), daemonSets: listing(c.daemonSets ?? [daemonSet('kube-proxy')]),
        configMaps: (ns, name) => (ns === 'kube-system' && name === 'kube-proxy' && c.configMap) ? c.configMap : { state: 'absent' },
      };
      const plans = planNodes(c.nodes ?? [node('node-a')], objects, c.families ?? ['IPv4']);
      assert.deepEqual(describePlan(plans[0] as NodePlan), c.expect);
      const notes = plans.flatMap((p) => (p.status === 'planned' ? p.agents.flatMap((a) => a.notes) : []));
      if (c.notes) assert.ok(notes.some((n) => c.notes?.test(n)), notes.join('\n'));
      if (c.nodes?.length === 2) assert.deepEqual(plans[1]?.status, plans[0]?.status);
    });
  }
});

describe('configFileMode: the top-level mode of a KubeProxyConfiguration', () => {
  const cases: [string, string, string | null][] = [
    ['kubeadm default', kubeProxyConfig('""'), ''],
    ['a bare word', kubeProxyConfig('nftables'), 'nftables'],
    ['single quotes and a comment', "kind: KubeProxyConfiguration\nmode: 'ipvs' # migrated\n", 'ipvs'],
    ['absent', 'kind: KubeProxyConfiguration\nbindAddress: 0.0.0.0\n', ''],
    ['indented mode under another key is not the top-level one', 'winkernel:\n  mode: x\nmode: iptables\n', 'iptables'],
    ['JSON', '{"kind":"KubeProxyConfiguration","mode":"nftables"}', 'nftables'],
    ['twice: not read with certainty', 'mode: iptables\nmode: ipvs\n', null],
    ['an anchor: not read with certainty', 'mode: &m ipvs\n', null],
  ];
  for (const [what, text, expected] of cases) it(what, () => assert.equal(configFileMode(text), expected));
});

describe('ciliumKubeProxyReplacement: the KubeProxyReplacement line of cilium-dbg status', () => {
  const real = readFileSync(new URL('../apiserver/fixtures/dataplane/cilium-status.txt', import.meta.url), 'utf8');
  const cases: [string, string, string][] = [
    ['Cilium 1.17 on kind (cilium PR #35542)', real, 'True yes'],
    ['Cilium 1.7 (cilium PR #10059)', 'KubeProxyReplacement:   Strict   [NodePort, ExternalIPs, HostReachableServicesTCP, HostReachableServicesUDP]\n', 'Strict yes'],
    ['Cilium 1.7 probe mode (cilium PR #10083)', 'KubeProxyReplacement:   Probe   [NodePort (SNAT, 30000-32767), ExternalIPs, HostReachableServices (TCP, UDP)]\n', 'Probe partly'],
    ['partial (cilium#12499)', 'KubeProxyReplacement:   Partial   ()   []\n', 'Partial partly'],
    ['disabled', 'KubeProxyReplacement:    False\n', 'False no'],
    ['no such line', 'KVStore: Ok Disabled\n', 'unknown'],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const finding = ciliumKubeProxyReplacement(text);
      assert.equal(finding.known ? `${finding.value} ${finding.replacesKubeProxy}` : 'unknown', expected);
    });
  }
});

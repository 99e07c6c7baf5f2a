/**
 * The test API server serves exec well enough for the real `kubectl exec` (v1.32: a WebSocket
 * upgrade offering only v5.channel.k8s.io, then SPDY if the upgrade fails; client-go
 * tools/remotecommand fallback.go, used by kubectl's exec command), and its agent pods look like
 * the ones kubeadm and Cilium's chart create.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { iptablesTable, nftTable } from './agentcommands.ts';
import { waitFor } from './harness.ts';
import { dumpKindOf } from './nodedumps.ts';
import { Kubectl } from './kubectl.ts';
import { startApiServer, type ApiServer, type ApiServerOptions } from './server.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const IPTABLES = file('examples/readiness-drill/iptables-save.after.txt');
const NFT = file('test/apiserver/fixtures/dataplane/k3s-nft-table.txt');
const CILIUM_LIST = file('test/apiserver/fixtures/dataplane/cilium-service-list.txt');
const CILIUM_STATUS = file('test/apiserver/fixtures/dataplane/cilium-status.txt');
const SNAPSHOT = file('examples/readiness-drill/objects.yaml');
const DUMPS = [{ node: 'minikube', file: IPTABLES }, { node: 'k3s-a', file: NFT }, { node: 'kind-a', file: CILIUM_LIST }, { node: 'kind-a', file: CILIUM_STATUS }];

async function withKubectl(options: ApiServerOptions, fn: (server: ApiServer, kubectl: Kubectl, pod: (node: string) => string) => Promise<void>): Promise<void> {
  const server = await startApiServer({ snapshotFile: SNAPSHOT, nodeDumps: DUMPS, ...options });
  const kubectl = new Kubectl(server);
  const pod = (node: string): string => server.agents.find((a) => a.node === node)?.pod ?? `no agent pod on ${node}`;
  try {
    await fn(server, kubectl, pod);
  } finally {
    kubectl.cleanup();
    await server.close();
  }
}

const execLog = (server: ApiServer) => server.requests.filter((r) => r.exec).map((r) => `${r.method} ${r.exec?.upgrade} ${r.status}`);

describe('kubectl exec against the test API server', { timeout: 600_000 }, () => {
  it('prints each dump byte for byte over HTTPS with a token: iptables-save, -t nat, nft, cilium-dbg', () =>
    withKubectl({ https: true, token: 'kubectl-exec' }, async (server, kubectl, pod) => {
      const whole = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      assert.equal(whole.code, 0, whole.stderr);
      assert.equal(whole.stdout, readFileSync(IPTABLES, 'utf8'));
      const nat = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '-c', 'kube-proxy', '--', 'iptables-save', '-t', 'nat']);
      assert.equal(nat.stdout, iptablesTable(readFileSync(IPTABLES, 'utf8'), 'nat'));
      const nft = await kubectl.run(['exec', '-n', 'kube-system', pod('k3s-a'), '--', 'nft', 'list', 'table', 'ip', 'kube-proxy']);
      assert.equal(nft.stdout, readFileSync(NFT, 'utf8'));
      const cilium = await kubectl.run(['exec', '-n', 'kube-system', pod('kind-a'), '--', 'cilium-dbg', 'service', 'list']);
      assert.equal(cilium.stdout, readFileSync(CILIUM_LIST, 'utf8'));
      assert.deepEqual(execLog(server), Array(4).fill('GET websocket 101'), 'kubectl 1.32 uses the WebSocket and never needed SPDY');
      assert.ok(server.requests.filter((r) => r.exec).every((r) => r.exec?.protocols.join() === 'v5.channel.k8s.io' && r.authorization === 'Bearer kubectl-exec'));
    }));

  it('forbidden: the WebSocket upgrade is refused (get), kubectl falls back to SPDY (create), and prints RBAC\'s message', () =>
    withKubectl({}, async (server, kubectl, pod) => {
      server.forbid('pods/exec');
      const r = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim(), `Error from server (Forbidden): pods "${pod('minikube')}" is forbidden: User "system:serviceaccount:default:viewer" cannot create resource "pods/exec" in API group "" in the namespace "kube-system"`);
      assert.deepEqual(execLog(server), ['GET websocket 403', 'POST SPDY/3.1 403']);
    }));

  it('a v4-only server refuses kubectl\'s v5-only WebSocket offer (403, no body); kubectl falls back to SPDY, which this server does not speak', () =>
    withKubectl({ execProtocols: 'v4' }, async (server, kubectl, pod) => {
      const r = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Error from server \(BadRequest\): this test API server serves exec over WebSocket only \(v5\.channel\.k8s\.io, v4\.channel\.k8s\.io\), not SPDY/);
      assert.deepEqual(execLog(server), ['GET websocket 403', 'POST SPDY/3.1 400']);
    }));

  it('command not found: containerd\'s message, exit 1 (ipvsadm is not in the kube-proxy image; the fault removes every binary)', () =>
    withKubectl({}, async (server, kubectl, pod) => {
      const ipvsadm = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'ipvsadm', '-Ln']);
      assert.equal(ipvsadm.code, 1);
      assert.match(ipvsadm.stderr, /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "ipvsadm": executable file not found in \$PATH: unknown$/m);
      server.execFault({ kind: 'command-not-found', node: 'k3s-a' });
      const nft = await kubectl.run(['exec', '-n', 'kube-system', pod('k3s-a'), '--', 'nft', 'list', 'table', 'ip', 'kube-proxy']);
      assert.match(nft.stderr, /exec: "nft": executable file not found in \$PATH/);
      const other = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      assert.equal(other.code, 0, 'the fault was for node k3s-a only');
    }));

  it('non-zero exit: kubectl prints stderr and "command terminated with exit code N", and exits N', () =>
    withKubectl({}, async (server, kubectl, pod) => {
      server.execFault({ kind: 'exit', code: 3, stderr: 'the reason\n' });
      const r = await kubectl.run(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      assert.equal(r.code, 3);
      assert.equal(r.stderr, 'the reason\ncommand terminated with exit code 3\n');
    }));

  it('agent pod missing: kubectl gets NotFound for the pod', () =>
    withKubectl({ withoutAgentPod: ['minikube'] }, async (server, kubectl) => {
      assert.equal(server.agents.some((a) => a.node === 'minikube'), false);
      const r = await kubectl.run(['exec', '-n', 'kube-system', 'kube-proxy-99rwk', '--', 'iptables-save']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'Error from server (NotFound): pods "kube-proxy-99rwk" not found');
    }));

  it('hang: kubectl connects and waits; when the server goes away it fails instead of printing anything', () =>
    withKubectl({}, async (server, kubectl, pod) => {
      server.execFault({ kind: 'hang' });
      const run = kubectl.start(['exec', '-n', 'kube-system', pod('minikube'), '--', 'iptables-save']);
      await waitFor(() => server.requests.some((r) => r.exec && r.status === 101), 15_000, 'kubectl\'s upgrade');
      await server.close();
      const code = await run.exited;
      assert.notEqual(code, 0);
      assert.doesNotMatch(run.output(), /\*nat/);
    }));
});

describe('agent pods and node dumps', () => {
  it('kube-proxy pods look like kubeadm\'s: DaemonSet owner, k8s-app label, container, node, ConfigMap mode', () =>
    withKubectl({}, async (server) => {
      const pods = server.agents.map((a) => a.pod);
      assert.equal(pods.length, 3);
      const get = async (path: string): Promise<KubeObject> => (await (await fetch(server.url + path)).json()) as KubeObject;
      const pod = await get(`/api/v1/namespaces/kube-system/pods/${server.agents.find((a) => a.node === 'minikube')?.pod}`);
      assert.match(pod.metadata?.name ?? '', /^kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(pod.metadata?.labels?.['k8s-app'], 'kube-proxy');
      assert.deepEqual(pod.metadata?.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}`), ['DaemonSet/kube-proxy/true']);
      const spec = pod.spec as { nodeName: string; hostNetwork: boolean; containers: { name: string; command: string[] }[] };
      assert.equal(spec.nodeName, 'minikube');
      assert.equal(spec.hostNetwork, true);
      assert.deepEqual(spec.containers[0]?.command, ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)']);
      const k3s = await get(`/api/v1/namespaces/kube-system/pods/${server.agents.find((a) => a.node === 'k3s-a')?.pod}`);
      assert.ok((k3s.spec as { containers: { command: string[] }[] }).containers[0]?.command.includes('--proxy-mode=nftables'), 'the nft node runs another mode than the ConfigMap says');
      const configMap = await get('/api/v1/namespaces/kube-system/configmaps/kube-proxy');
      assert.match((configMap.data as Record<string, string>)['config.conf'] ?? '', /^mode: ""$/m);
      const cilium = await get(`/api/v1/namespaces/kube-system/pods/${server.agents.find((a) => a.node === 'kind-a')?.pod}`);
      assert.equal(cilium.metadata?.labels?.['k8s-app'], 'cilium');
      assert.equal((cilium.spec as { containers: { name: string }[] }).containers[0]?.name, 'cilium-agent');
      const daemonSets = await get('/apis/apps/v1/namespaces/kube-system/daemonsets');
      assert.deepEqual((daemonSets.items as KubeObject[]).map((d) => d.metadata?.name), ['cilium', 'kube-proxy']);
    }));

  it('a kube-proxy pod already in the snapshot on that node is used, not duplicated', async () => {
    const existing: KubeObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'kube-proxy-abcde', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
      spec: { nodeName: 'minikube', containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.30.0' }] },
    };
    const server = await startApiServer({ snapshotFile: SNAPSHOT, objects: [existing], nodeDumps: [{ node: 'minikube', file: IPTABLES }] });
    try {
      assert.deepEqual(server.agents.map((a) => a.pod), ['kube-proxy-abcde']);
    } finally {
      await server.close();
    }
  });

  const kinds: [string, string, string | RegExp][] = [
    ['iptables-save (minikube)', readFileSync(IPTABLES, 'utf8'), 'iptables'],
    ['ip6tables-save (kind dual-stack)', readFileSync(file('test/scenarios/dual-stack/ip6tables-kind-worker.txt'), 'utf8'), 'ip6tables'],
    ['nft list table (k3s)', readFileSync(NFT, 'utf8'), 'nftables'],
    ['cilium-dbg service list', readFileSync(CILIUM_LIST, 'utf8'), 'cilium-service-text'],
    ['cilium-dbg status', readFileSync(CILIUM_STATUS, 'utf8'), 'cilium-status'],
    // The shape of cilium api/v1 models.Service, not a capture: only the format is recognised.
    ['a JSON array of {spec} (service list -o json)', '[{"spec":{"id":1,"frontend-address":{"ip":"10.96.0.1","port":443}}}]', 'cilium-service-json'],
    ['ipvsadm -Ln', 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n', /ipvsadm output cannot be served: the kube-proxy image has no ipvsadm/],
    ['anything else', 'hello\n', /not iptables-save, nft list, cilium-dbg service list or cilium-dbg status output/],
  ];
  for (const [what, text, expected] of kinds) {
    it(`recognises ${what}`, () => {
      if (typeof expected === 'string') assert.equal(dumpKindOf(text, 'f'), expected);
      else assert.throws(() => dumpKindOf(text, 'f'), expected);
    });
  }

  it('the nft fixture is real: every kube-proxy chain hash in it recomputes (hashAndTruncate)', async () => {
    const { createHash } = await import('node:crypto');
    const { base32Prefix } = await import('../../src/kubeproxy/hash.ts');
    const text = readFileSync(NFT, 'utf8');
    const chains = [...text.matchAll(/\b(?:service|external|endpoint)-([A-Z2-7]{8})-(\S+?)(?=[,\s]|$)/g)];
    assert.ok(chains.length >= 40);
    for (const [, hash, name] of chains) assert.equal(base32Prefix(createHash('sha256').update(name ?? '').digest(), 8), hash, name);
    assert.equal(nftTable(text, 'ip', 'kube-proxy'), text, 'the file is exactly one table');
  });
});

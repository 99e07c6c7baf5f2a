/**
 * From the API objects to each node's rules: fetchAgentObjects -> planNodes -> collectNodes, over
 * real HTTP against the in-memory API server, whose agent pods serve real dumps. Every node ends
 * read, or unknown / no-agent with its reason; one node's failure never hides the others.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { planNodes } from '../../../src/dataplane/nodeplan.ts';
import { connect } from '../../../src/sources/cluster/connect.ts';
import { fetchAgentObjects } from '../../../src/sources/cluster/exec/agentobjects.ts';
import { collectNode, collectNodes, type ExecFn, type NodeRead } from '../../../src/sources/cluster/exec/collect.ts';
import { execInPod } from '../../../src/sources/cluster/exec/exec.ts';
import { execTransport } from '../../../src/sources/cluster/exec/transport.ts';
import { iptablesTable } from '../../apiserver/agentcommands.ts';
import { startApiServer, type ApiServer } from '../../apiserver/server.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const IPTABLES = file('examples/readiness-drill/iptables-save.after.txt');
const NFT = file('test/apiserver/fixtures/dataplane/k3s-nft-table.txt');
const CILIUM_STATUS = file('test/apiserver/fixtures/dataplane/cilium-status.txt');
const NODES = ['minikube', 'k3s-a', 'kind-a', 'ghost'];

/** What each node came to, one line each. */
function summary(reads: readonly NodeRead[]): string[] {
  return reads.map((r) => {
    if (r.status !== 'read') return `${r.node} ${r.status}: ${r.reason}`;
    return `${r.node} read: ${r.agents.map((a) => `${a.pod.kind} [${a.outputs.map((o) => o.argv.join(' ')).join(', ')}]`).join('; ')}`;
  });
}

async function withCollector(timeoutMs: number, fn: (server: ApiServer, collect: () => Promise<NodeRead[]>) => Promise<void>): Promise<void> {
  const server = await startApiServer({
    snapshotFile: file('examples/readiness-drill/objects.yaml'),
    nodeDumps: [{ node: 'minikube', file: IPTABLES }, { node: 'k3s-a', file: NFT }, { node: 'kind-a', file: CILIUM_STATUS }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'collect-test-'));
  server.writeKubeconfig(join(dir, 'kubeconfig'));
  const cluster = await connect({ path: join(dir, 'kubeconfig'), env: {}, timeoutMs: 10_000, userAgent: 'kubectl-slices/test' });
  const { client } = cluster;
  const transport = execTransport(cluster, 'kubectl-slices/test');
  const exec: ExecFn = (request) => execInPod(transport, request, { timeoutMs, maxOutputBytes: 64 * 1024 * 1024 });
  const collect = async (): Promise<NodeRead[]> => collectNodes(planNodes(NODES, await fetchAgentObjects(client), ['IPv4']), exec, { concurrency: 4 });
  try {
    await fn(server, collect);
  } finally {
    client.close();
    transport.agent.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('collecting node dataplanes through exec', { timeout: 600_000 }, () => {
  it('reads each node\'s agent in its mode; a missing dump, a missing pod are reasons, not errors', () =>
    withCollector(10_000, async (server, collect) => {
      const reads = await collect();
      const pod = (node: string) => server.agents.find((a) => a.node === node)?.pod;
      assert.deepEqual(summary(reads), [
        'minikube read: kube-proxy [iptables-save -t nat, iptables-save -t filter]',
        'k3s-a read: kube-proxy [nft list table ip kube-proxy]',
        `kind-a unknown: exec "cilium-dbg service list -o json" in pod kube-system/${pod('kind-a')} (container cilium-agent) exited with code 1: test apiserver: no "cilium-dbg service list -o json" dump was given for node kind-a (--node-dump kind-a=FILE)`,
        'ghost no-agent: no agent pod on node ghost: DaemonSets kube-system/cilium and kube-system/kube-proxy have no pod there (not scheduled there yet, or its tolerations keep it off the node)',
      ]);
      const [minikube, k3s, kind] = reads;
      const text = readFileSync(IPTABLES, 'utf8');
      assert.ok(minikube?.status === 'read');
      assert.deepEqual(minikube.agents[0]?.outputs.map((o) => o.text), [iptablesTable(text, 'nat'), iptablesTable(text, 'filter')]);
      assert.deepEqual(minikube.agents[0]?.mode, { agent: 'kube-proxy', finding: { known: true, mode: 'iptables', evidence: 'ConfigMap kube-system/kube-proxy key config.conf: mode: "" (empty means iptables on Linux)' } });
      assert.ok(k3s?.status === 'read');
      assert.equal(k3s.agents[0]?.outputs[0]?.text, readFileSync(NFT, 'utf8'));
      assert.equal(k3s.agents[0]?.mode.finding?.known && 'mode' in k3s.agents[0].mode.finding ? k3s.agents[0].mode.finding.mode : '', 'nftables');
      assert.ok(kind?.status === 'unknown');
      assert.deepEqual(kind.agents[0]?.mode, { agent: 'cilium', finding: { known: true, value: 'True', replacesKubeProxy: 'yes', evidence: 'cilium-dbg status: KubeProxyReplacement: True' } });
    }));

  it('pods/exec forbidden: every agent node is unknown with RBAC\'s words, after one exec each', () =>
    withCollector(10_000, async (server, collect) => {
      server.forbid('pods/exec');
      const reads = await collect();
      for (const r of reads.slice(0, 3)) {
        assert.equal(r.status, 'unknown');
        assert.match(r.status === 'unknown' ? r.reason : '', /pods\/exec is forbidden in namespace "kube-system" \(pods "\S+" is forbidden: User "system:serviceaccount:default:viewer" cannot get resource "pods\/exec"/);
      }
      assert.equal(reads[3]?.status, 'no-agent');
      assert.equal(server.requests.filter((r) => r.exec).length, 3, 'a forbidden pod is not asked again');
    }));

  it('one node hangs: it times out, the others are read', () =>
    withCollector(300, async (server, collect) => {
      server.execFault({ kind: 'hang', node: 'k3s-a' });
      const reads = await collect();
      assert.equal(reads[0]?.status, 'read');
      assert.match(reads[1]?.status === 'unknown' ? reads[1].reason : '', /^exec "nft list table ip kube-proxy" in pod kube-system\/kube-proxy-\w+ \(container kube-proxy\): no end within 300ms/);
    }));

  it('nft missing from the image (rke2#7337): that node is unknown, saying which binary', () =>
    withCollector(10_000, async (server, collect) => {
      server.execFault({ kind: 'command-not-found', node: 'k3s-a' });
      const [, k3s] = await collect();
      assert.match(k3s?.status === 'unknown' ? k3s.reason : '', /"nft" is not in the container's image/);
    }));

  it('agent pods cannot be listed: every node unknown, nothing exec\'d', () =>
    withCollector(10_000, async (server, collect) => {
      server.forbid('pods', 'list');
      const reads = await collect();
      assert.ok(reads.every((r) => r.status === 'unknown' && /the agent pods in kube-system could not be listed \(forbidden: pods is forbidden/.test(r.reason)), summary(reads).join('\n'));
      assert.equal(server.requests.filter((r) => r.exec).length, 0);
    }));
});

describe('collectNodes without a server', () => {
  const cilium = { kind: 'cilium' as const, node: 'n', namespace: 'kube-system', pod: 'cilium-abcde', container: 'cilium-agent' };
  const plan = {
    node: 'n', status: 'planned' as const,
    agents: [{
      kind: 'cilium' as const, pod: cilium, notes: [],
      probe: { argv: ['cilium-dbg', 'status'], fallbackArgv: ['cilium', 'status'], reads: 'status', dataplane: 'cilium' as const, family: null, optional: false },
      steps: [{ argv: ['cilium-dbg', 'service', 'list', '-o', 'json'], fallbackArgv: ['cilium', 'service', 'list', '-o', 'json'], reads: 'services', dataplane: 'cilium' as const, family: null, optional: false }],
    }],
  };

  it('an agent older than Cilium 1.15 has no cilium-dbg: the fallback `cilium` is run and noted', async () => {
    const ran: string[] = [];
    const exec: ExecFn = async ({ command }) => {
      ran.push(command.join(' '));
      if (command[0] === 'cilium-dbg') return { ok: false, kind: 'command-not-found', exitCode: null, message: 'not in image' };
      return { ok: true, stdout: command[1] === 'status' ? 'KubeProxyReplacement:   Strict   [NodePort]\n' : '[]', stderr: '', protocol: 'v4.channel.k8s.io' };
    };
    const read = await collectNode(plan, exec);
    assert.deepEqual(ran, ['cilium-dbg status', 'cilium status', 'cilium-dbg service list -o json', 'cilium service list -o json']);
    assert.equal(read.status, 'read');
    assert.match(read.status === 'read' ? read.agents[0]?.notes.join() ?? '' : '', /"cilium-dbg status" is not in cilium-abcde's image; tried "cilium status"/);
  });

  it('never more nodes at once than the concurrency', async () => {
    let active = 0;
    let peak = 0;
    const exec: ExecFn = async () => {
      peak = Math.max(peak, ++active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return { ok: true, stdout: 'KubeProxyReplacement:   True\n', stderr: '', protocol: 'v5.channel.k8s.io' };
    };
    const reads = await collectNodes(Array.from({ length: 10 }, (_, i) => ({ ...plan, node: `n${i}` })), exec, { concurrency: 3 });
    assert.equal(reads.length, 10);
    assert.ok(reads.every((r) => r.status === 'read'));
    assert.equal(peak, 3);
  });
});

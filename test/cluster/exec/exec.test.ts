/**
 * The exec client over real HTTP(S) against the in-memory API server, which serves each node's
 * dump from an agent pod shaped as kubeadm / Cilium's chart make them. Every outcome kind is
 * produced by the server, not by a stub.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execInPod, type ExecLimits } from '../../../src/sources/cluster/exec/exec.ts';
import type { ExecOutcome, ExecRequest } from '../../../src/sources/cluster/exec/outcome.ts';
import { execTransport, type ExecTransport } from '../../../src/sources/cluster/exec/transport.ts';
import { connect } from '../../../src/sources/cluster/connect.ts';
import { iptablesTable } from '../../apiserver/agentcommands.ts';
import { startApiServer, type AgentTarget, type ApiServer, type ApiServerOptions } from '../../apiserver/server.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const IPTABLES = file('examples/readiness-drill/iptables-save.after.txt');
const NFT = file('test/apiserver/fixtures/dataplane/k3s-nft-table.txt');
const CILIUM_LIST = file('test/apiserver/fixtures/dataplane/cilium-service-list.txt');
const CILIUM_STATUS = file('test/apiserver/fixtures/dataplane/cilium-status.txt');
const SNAPSHOT = file('examples/readiness-drill/objects.yaml');
const LIMITS: ExecLimits = { timeoutMs: 10_000, maxOutputBytes: 64 * 1024 * 1024 };

interface Cluster {
  server: ApiServer;
  transport: ExecTransport;
  agent: (node: string, kind?: AgentTarget['agent']) => AgentTarget;
  exec: (target: AgentTarget, command: string[], limits?: ExecLimits) => Promise<ExecOutcome>;
}

/** A server with dumps, and a transport built from its kubeconfig the way `connect` builds one. */
async function withCluster(options: ApiServerOptions, fn: (c: Cluster) => Promise<void>): Promise<void> {
  const server = await startApiServer({ snapshotFile: SNAPSHOT, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'exec-test-'));
  server.writeKubeconfig(join(dir, 'kubeconfig'));
  const cluster = await connect({ path: join(dir, 'kubeconfig'), env: {}, timeoutMs: 10_000, userAgent: 'kubectl-slices/test' });
  const transport = execTransport(cluster, 'kubectl-slices/test');
  const agent = (node: string, kind: AgentTarget['agent'] = 'kube-proxy'): AgentTarget => {
    const found = server.agents.find((a) => a.node === node && a.agent === kind);
    assert.ok(found, `an agent pod on ${node}`);
    return found;
  };
  const exec = (t: AgentTarget, command: string[], limits = LIMITS): Promise<ExecOutcome> =>
    execInPod(transport, { namespace: t.namespace, pod: t.pod, container: t.container, command }, limits);
  try {
    await fn({ server, transport, agent, exec });
  } finally {
    transport.agent.destroy();
    cluster.client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const MINIKUBE = [{ node: 'minikube', file: IPTABLES }];
const execRequests = (server: ApiServer) => server.requests.filter((r) => r.exec);

function assertFailure(outcome: ExecOutcome, kind: string, message: RegExp): void {
  assert.equal(outcome.ok, false, JSON.stringify(outcome));
  if (outcome.ok) return;
  assert.equal(outcome.kind, kind, outcome.message);
  assert.match(outcome.message, message);
}

describe('exec in a pod through the API server', { timeout: 600_000 }, () => {
  it('over HTTPS with a bearer token: v5, stdout byte-identical to the node dump, one GET upgrade carrying the command', () =>
    withCluster({ https: true, token: 'exec-token', nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      const kubeProxy = agent('minikube');
      const outcome = await exec(kubeProxy, ['iptables-save']);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.stdout, readFileSync(IPTABLES, 'utf8'));
      assert.equal(outcome.stderr, '');
      assert.equal(outcome.protocol, 'v5.channel.k8s.io');
      const [request] = execRequests(server);
      assert.equal(request?.method, 'GET');
      assert.equal(request?.path, `/api/v1/namespaces/kube-system/pods/${kubeProxy.pod}/exec`);
      // `closed` says when the server's side ended, which may come after the client's.
      const { closed: _closed, ...log } = request?.exec ?? { command: [] };
      assert.deepEqual(log, { command: ['iptables-save'], upgrade: 'websocket', protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'], negotiated: 'v5.channel.k8s.io' });
      assert.equal(request?.query.container, 'kube-proxy');
      assert.equal(request?.authorization, 'Bearer exec-token');
    }));

  it('-t nat prints the nat table of the dump, as iptables-save -t nat would', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ agent, exec }) => {
      const outcome = await exec(agent('minikube'), ['iptables-save', '-t', 'nat']);
      assert.ok(outcome.ok);
      assert.equal(outcome.stdout, iptablesTable(readFileSync(IPTABLES, 'utf8'), 'nat'));
      assert.match(outcome.stdout, /^# Generated by iptables-save v1\.8\.9[^\n]*\n\*nat\n/);
      assert.match(outcome.stdout, /\nCOMMIT\n# Completed on [^\n]*\n$/);
    }));

  it('a server that speaks only v4 (before 1.30, or the gate off) is answered in v4 in the same handshake', () =>
    withCluster({ execProtocols: 'v4', nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      const outcome = await exec(agent('minikube'), ['iptables-save']);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.protocol, 'v4.channel.k8s.io');
      assert.equal(outcome.stdout, readFileSync(IPTABLES, 'utf8'), 'the empty opening message of the legacy server adds nothing');
      assert.equal(execRequests(server).length, 1, 'no second round trip');
    }));

  it('nft and Cilium agents print their own dumps', () =>
    withCluster({ nodeDumps: [{ node: 'k3s-a', file: NFT }, { node: 'kind-a', file: CILIUM_LIST }, { node: 'kind-a', file: CILIUM_STATUS }] }, async ({ agent, exec }) => {
      const nft = await exec(agent('k3s-a'), ['nft', 'list', 'table', 'ip', 'kube-proxy']);
      assert.ok(nft.ok);
      assert.equal(nft.stdout, readFileSync(NFT, 'utf8'));
      const cilium = agent('kind-a', 'cilium');
      assert.equal(cilium.container, 'cilium-agent');
      const list = await exec(cilium, ['cilium-dbg', 'service', 'list']);
      assert.ok(list.ok);
      assert.equal(list.stdout, readFileSync(CILIUM_LIST, 'utf8'));
      const status = await exec(cilium, ['cilium-dbg', 'status']);
      assert.ok(status.ok);
      assert.match(status.stdout, /^KubeProxyReplacement:\s+True\s/m);
    }));

  it('forbidden: RBAC denies pods/exec, and the message names namespace, pod, command and the verbs needed, never the token', () =>
    withCluster({ token: 'secret-token-value', nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      server.forbid('pods/exec');
      const kubeProxy = agent('minikube');
      const outcome = await exec(kubeProxy, ['iptables-save', '-t', 'nat']);
      assertFailure(outcome, 'forbidden', new RegExp(`^exec "iptables-save -t nat" in pod kube-system/${kubeProxy.pod} \\(container kube-proxy\\): pods/exec is forbidden in namespace "kube-system" \\(pods "${kubeProxy.pod}" is forbidden: User "system:serviceaccount:default:viewer" cannot get resource "pods/exec"`));
      assert.doesNotMatch(JSON.stringify(outcome), /secret-token-value/);
    }));

  it('not found: the agent pod is gone (deleted since it was listed)', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      const kubeProxy = agent('minikube');
      server.remove('Pod', 'kube-system', kubeProxy.pod);
      assertFailure(await exec(kubeProxy, ['iptables-save']), 'not-found', /the pod no longer exists \(pods "kube-proxy-\w+" not found\)/);
    }));

  it('timeout: an exec that never answers is abandoned and its socket closed', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      server.execFault({ kind: 'hang' });
      const outcome = await exec(agent('minikube'), ['iptables-save'], { ...LIMITS, timeoutMs: 200 });
      assertFailure(outcome, 'timeout', /no end within 200ms \(the per-exec timeout\)/);
      assert.equal(execRequests(server)[0]?.status, 101, 'the upgrade succeeded; the command hung');
    }));

  it('command not found: the binary is not in the image (containerd\'s InternalError), for a fault and for ipvsadm', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      const kubeProxy = agent('minikube');
      const ipvsadm = await exec(kubeProxy, ['ipvsadm', '-Ln']);
      assertFailure(ipvsadm, 'command-not-found', /"ipvsadm" is not in the container's image \(Internal error occurred: .*executable file not found in \$PATH/);
      assert.equal(!ipvsadm.ok && ipvsadm.kind === 'command-not-found' ? ipvsadm.exitCode : -1, null);
      server.execFault({ kind: 'command-not-found', node: 'minikube' });
      assertFailure(await exec(kubeProxy, ['nft', 'list', 'table', 'ip', 'kube-proxy']), 'command-not-found', /"nft" is not in the container's image/);
    }));

  it('non-zero exit: the exit code and stderr\'s last line', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      server.execFault({ kind: 'exit', code: 3, stderr: 'some detail\nthe reason\n' });
      const outcome = await exec(agent('minikube'), ['iptables-save']);
      assertFailure(outcome, 'exit', /exited with code 3: the reason$/);
      assert.equal(!outcome.ok && outcome.kind === 'exit' ? outcome.exitCode : -1, 3);
      assert.equal(!outcome.ok && outcome.kind === 'exit' ? outcome.stderr : '', 'some detail\nthe reason\n');
    }));

  it('too large: output over the limit is refused and the socket closed', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ agent, exec }) => {
      assertFailure(await exec(agent('minikube'), ['iptables-save'], { ...LIMITS, maxOutputBytes: 4096 }), 'too-large', /the output exceeds 4096 bytes; refused/);
    }));

  it('the caller can give up (AbortSignal)', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, agent, exec }) => {
      server.execFault({ kind: 'hang' });
      const controller = new AbortController();
      const pending = exec(agent('minikube'), ['iptables-save'], { ...LIMITS, signal: controller.signal });
      await waitUntil(() => execRequests(server)[0]?.status === 101);
      controller.abort();
      assertFailure(await pending, 'timeout', /abandoned \(the caller gave up\)/);
    }));

  it('unreachable: a server that is down is one line naming it', () =>
    withCluster({ nodeDumps: MINIKUBE }, async ({ server, transport }) => {
      const kubeProxy = server.agents[0] as AgentTarget;
      await server.close();
      const request: ExecRequest = { namespace: kubeProxy.namespace, pod: kubeProxy.pod, command: ['iptables-save'] };
      const outcome = await execInPod(transport, request, LIMITS);
      assertFailure(outcome, 'unreachable', /cannot connect to the API server http:\/\/127\.0\.0\.1:\d+ \(context "test-apiserver"\): connection refused/);
    }));
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition within 5 s');
}

/**
 * `kubectl slices explain --collect-dataplane` dispatched by the real kubectl, against the
 * in-memory API server serving the readiness drill's minikube node (examples/readiness-drill):
 * the same answer as `--iptables minikube=FILE` with the same dump, and each way a node can fail
 * to be read (exec forbidden, no agent pod, the binary missing, an exec that never answers) is
 * "unknown on node minikube: reason" while the pods are still explained.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { startApiServer, type ApiServerOptions } from '../apiserver/server.ts';
import type { ExecFault } from '../apiserver/execsession.ts';
import { ensureBuilt, kubectl, root, type Result } from './kubectl.ts';

const DRILL = join(root, 'examples/readiness-drill/objects.yaml');
const AFTER = join(root, 'examples/readiness-drill/iptables-save.after.txt');

/** `kubectl slices ARGS` against a fresh server of the drill, with `fault` set on it first. */
async function withDrill(args: string[], options: Partial<ApiServerOptions> = {}, fault?: ExecFault | 'forbidden'): Promise<Result> {
  const server = await startApiServer({ snapshotFile: DRILL, nodeDumps: [{ node: 'minikube', file: AFTER }], ...options });
  const dir = mkdtempSync(join(tmpdir(), 'slices-e2e-collect-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    server.writeKubeconfig(kubeconfig);
    if (fault === 'forbidden') server.forbid('pods/exec');
    else if (fault) server.execFault(fault);
    return await kubectl(['slices', ...args, '--kubeconfig', kubeconfig], { HOME: dir });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const EXPLAIN = ['explain', 'svc/readiness-deployment'];
const unknownLine = (r: Result) => r.stdout.split('\n').find((l) => l.includes('DataplaneUnknown'))?.trim() ?? '';

describe('kubectl slices explain --collect-dataplane, through the real kubectl', { timeout: 600_000 }, () => {
  before(() => ensureBuilt());

  it('gives the answer --iptables gives with the same dump', async () => {
    const collected = await withDrill([...EXPLAIN, '--collect-dataplane']);
    const files = await withDrill([...EXPLAIN, '--iptables', `minikube=${AFTER}`]);
    assert.equal(collected.code, 0, collected.stderr);
    assert.equal(collected.stderr, '');
    assert.equal(collected.stdout, files.stdout);
    assert.match(collected.stdout, /^jl97z\s+NO TRAFFIC\s+False\s+not-ready\s+notReady\s+no rule$/m);
  });

  const degraded: { name: string; fault?: ExecFault | 'forbidden'; options?: Partial<ApiServerOptions>; extra?: string[]; reason: RegExp }[] = [
    {
      name: 'pods/exec forbidden',
      fault: 'forbidden',
      reason: /pods\/exec is forbidden in namespace "kube-system" \(.*cannot get resource "pods\/exec".*\); reading a node's rules needs get and create on pods\/exec there$/,
    },
    { name: 'no agent pod on the node', options: { withoutAgentPod: ['minikube'] }, reason: /^no agent pod on node minikube: / },
    { name: 'the binary missing from the image', fault: { kind: 'command-not-found' }, reason: /"iptables-save" is not in the container's image \(.*executable file not found in \$PATH.*\)$/ },
    { name: 'an exec that never answers', fault: { kind: 'hang' }, extra: ['--collect-timeout', '1s'], reason: /: no answer within 1s, the per-node timeout \(--collect-timeout\); abandoned$/ },
  ];
  for (const c of degraded) {
    it(`${c.name}: unknown on node minikube with the reason; the pods are still explained`, async () => {
      const r = await withDrill([...EXPLAIN, '--collect-dataplane', ...(c.extra ?? [])], c.options, c.fault);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^2 of 3 pods receive traffic\.$/m);
      assert.doesNotMatch(r.stdout, /MINIKUBE/, 'no column claims a rule or its absence on minikube');
      const line = unknownLine(r);
      assert.match(line, /^warning {2}DataplaneUnknown: unknown on node minikube: /);
      assert.match(line.replace(/^warning {2}DataplaneUnknown: unknown on node minikube: /, ''), c.reason, line);
    });
  }
});

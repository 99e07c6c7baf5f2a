/**
 * End to end through the real kubectl: `kubectl slices ...` finds bin/kubectl-slices on PATH
 * (plugin dispatch), which runs the built bundle against the in-memory API server. `npm test`
 * builds first; run alone, this builds when dist/ is missing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureObjects } from '../apiserver/harness.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { ensureBuilt, kubectl } from './kubectl.ts';

describe('kubectl slices, dispatched by the real kubectl', { timeout: 600_000 }, () => {
  let server: ApiServer;
  let dir: string;
  let kubeconfig: string;
  let env: Record<string, string>;

  before(async () => {
    ensureBuilt();
    server = await startApiServer({ objects: fixtureObjects() });
    dir = mkdtempSync(join(tmpdir(), 'slices-e2e-'));
    kubeconfig = join(dir, 'kubeconfig');
    server.writeKubeconfig(kubeconfig);
    env = { HOME: dir };
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl slices version prints the plugin version', async () => {
    const r = await kubectl(['slices', 'version'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kubectl-slices \d+\.\d+\.\d+ \(node 2\d\./);
  });

  it('kubectl slices explain svc/web --kubeconfig K explains the live Service', async () => {
    const r = await kubectl(['slices', 'explain', 'svc/web', '--kubeconfig', kubeconfig], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Service default\/web {2}ClusterIP/);
    assert.match(r.stdout, /2 of 3 pods receive traffic\./);
    assert.match(r.stdout, /tz4wd\s+NO TRAFFIC/);
  });

  it('--exit-code returns 3 through kubectl when a selected pod gets no traffic', async () => {
    const r = await kubectl(['slices', 'explain', 'svc/web', '--kubeconfig', kubeconfig, '--exit-code', '-o', 'json'], env);
    assert.equal(r.code, 3, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { summary: { notReceiving: number } }).summary.notReceiving, 1);
  });

  it('kubectl slices list -A lists the Service with its counts', async () => {
    const r = await kubectl(['slices', 'list', '-A', '--kubeconfig', kubeconfig], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\ndefault\s+web\s+ClusterIP\s+3\s+2\/3\s+2\s+0\s+0\s+1\s+ReadinessProbeFailing\s+/);
  });

  it('KUBECONFIG from the environment reaches the plugin unchanged, and a bad context is one error line, exit 1', async () => {
    const r = await kubectl(['slices', 'explain', 'web', '--context', 'nope'], { ...env, KUBECONFIG: kubeconfig });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: context "nope" does not exist in kubeconfig (contexts: test-apiserver)\n');
  });
});

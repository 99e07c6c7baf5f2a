/**
 * kubectl finds `kubectl-slices` on PATH and runs it as `kubectl slices` (plugin dispatch). These
 * run the real kubectl binary against the built bundle (`npm test` builds first).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env = { ...process.env, PATH: `${root}/bin:${process.env.PATH}`, NO_COLOR: '1' };

function kubectl(args: string[]) {
  const r = spawnSync('kubectl', args, { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('plugin dispatch through the real kubectl', () => {
  it('kubectl plugin list finds kubectl-slices on PATH', () => {
    const r = kubectl(['plugin', 'list']);
    assert.match(r.stdout, /bin\/kubectl-slices/);
  });

  it('kubectl slices explain runs the bundled example offline', () => {
    const r = kubectl(['slices', 'explain', 'svc/readiness-deployment', '-f', `${root}examples/readiness-drill/objects.yaml`, '--iptables', `minikube=${root}examples/readiness-drill/iptables-save.after.txt`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 of 3 pods receive traffic\./);
    assert.match(r.stdout, /jl97z: readiness probe "cat \/tmp\/healthy" failing/);
  });

  it('kubectl passes the exit code through: 3 with --exit-code, 2 for bad usage', () => {
    const exit = kubectl(['slices', 'explain', 'readiness-deployment', '-f', `${root}examples/readiness-drill/objects.yaml`, '--exit-code']);
    assert.equal(exit.code, 3);
    const usage = kubectl(['slices', 'explain', 'readiness-deployment', '-o', 'xml', '-f', 'x']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^error: /);
  });

  it('kubectl slices --version and kubectl slices version print the same line, exit 0 (kubectl itself has only `version`)', () => {
    const flag = kubectl(['slices', '--version']);
    const command = kubectl(['slices', 'version']);
    assert.equal(flag.code, 0, flag.stderr);
    assert.match(flag.stdout, /^kubectl-slices \d+\.\d+\.\d+\S* \(node \d+\.\d+\.\d+\)\n$/);
    assert.deepEqual([command.code, command.stdout], [0, flag.stdout]);
  });
});

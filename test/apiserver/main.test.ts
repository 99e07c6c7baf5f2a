import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { FIXTURE, waitFor } from './harness.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const IPTABLES = fileURLToPath(new URL('../../examples/readiness-drill/iptables-save.after.txt', import.meta.url));

/** `npm run apiserver -- ARGS`, i.e. `node --import tsx test/apiserver/main.ts ARGS`, with the pinned node. */
function apiserver(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  // A hang guard, not a time limit: starting tsx takes seconds on a loaded machine (4 busy loops on 2 cores).
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve(code); }));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('npm run apiserver', { timeout: 600_000 }, () => {
  const badArgs: [string, string[], RegExp][] = [
    ['no arguments', [], /--snapshot is required/],
    ['an unknown option', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--verbose'], /Unknown option '--verbose'/],
    ['a snapshot that does not exist', ['--snapshot', '/nonexistent.yaml', '--kubeconfig', '/tmp/x'], /no such file/],
    ['a port that is not a number', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--port', 'http'], /--port must be a port number/],
    ['a --node-dump without NODE=', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--node-dump', IPTABLES], /--node-dump ".*": expected NODE=FILE/],
    ['a --node-dump file that does not exist', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--node-dump', 'a=/nonexistent.txt'], /--node-dump a=\/nonexistent\.txt: no such file/],
    ['a --node-dump that is no dataplane output', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--node-dump', `a=${FIXTURE}`], /not iptables-save, nft list, cilium-dbg service list or cilium-dbg status output/],
    ['an unknown --exec-fault', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--exec-fault', 'explode'], /--exec-fault "explode": expected forbidden, hang/],
    ['an exit code out of range', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--exec-fault', 'exit=0'], /--exec-fault "exit=0"/],
    ['--exec-protocols other than v5 or v4', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--exec-protocols', 'v3'], /--exec-protocols must be v5 or v4/],
  ];
  for (const [what, args, message] of badArgs) {
    it(`rejects ${what} with one line on stderr and exit code 2`, async () => {
      const run = apiserver(args);
      assert.equal(await run.exited, 2);
      assert.match(run.stderr(), message);
      assert.equal(run.stderr().trimEnd().split('\n').length, 1);
    });
  }

  it('--node-dump serves an agent pod whose exec prints the dump; --exec-fault exit=3@minikube makes it exit 3 through kubectl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiserver-main-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const run = apiserver(['--snapshot', FIXTURE, '--kubeconfig', kubeconfig, '--node-dump', `node-a=${IPTABLES}`, '--node-dump', `minikube=${IPTABLES}`, '--exec-fault', 'exit=3@minikube']);
    try {
      await waitFor(() => /\n/.test(run.stdout()), 120_000, 'the URL on stdout');
      const served = [...run.stderr().matchAll(/exec in kube-system\/(kube-proxy-\w+) \(container kube-proxy\) on node (\S+) serves /g)].map((m) => [m[2], m[1]]);
      assert.deepEqual(served.map(([node]) => node), ['node-a', 'minikube']);
      const kubectl = (pod: string) => spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'exec', '-n', 'kube-system', pod ?? '', '--', 'iptables-save'], { encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH, HOME: dir } });
      const ok = kubectl(served[0]?.[1] ?? '');
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, readFileSync(IPTABLES, 'utf8'));
      const failing = kubectl(served[1]?.[1] ?? '');
      assert.equal(failing.status, 3);
      assert.match(failing.stderr, /command terminated with exit code 3/);
    } finally {
      run.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the snapshot, writes the kubeconfig once listening, prints the URL, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiserver-main-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const run = apiserver(['--snapshot', FIXTURE, '--kubeconfig', kubeconfig]);
    try {
      await waitFor(() => /\n/.test(run.stdout()), 120_000, 'the URL on stdout');
      const url = run.stdout().trim();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(existsSync(kubeconfig));
      const pods = (await (await fetch(`${url}/api/v1/namespaces/default/pods`)).json()) as { items: unknown[] };
      assert.equal(pods.items.length, 3);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
    } finally {
      run.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

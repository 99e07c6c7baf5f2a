import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { FIXTURE, waitFor } from './harness.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** `npm run apiserver -- ARGS`, i.e. `node --import tsx test/apiserver/main.ts ARGS`, with the pinned node. */
function apiserver(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => { clearTimeout(timer); resolve(code); }));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('npm run apiserver', { timeout: 30_000 }, () => {
  const badArgs: [string, string[], RegExp][] = [
    ['no arguments', [], /--snapshot is required/],
    ['an unknown option', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--verbose'], /Unknown option '--verbose'/],
    ['a snapshot that does not exist', ['--snapshot', '/nonexistent.yaml', '--kubeconfig', '/tmp/x'], /no such file/],
    ['a port that is not a number', ['--snapshot', FIXTURE, '--kubeconfig', '/tmp/x', '--port', 'http'], /--port must be a port number/],
  ];
  for (const [what, args, message] of badArgs) {
    it(`rejects ${what} with one line on stderr and exit code 2`, async () => {
      const run = apiserver(args);
      assert.equal(await run.exited, 2);
      assert.match(run.stderr(), message);
      assert.equal(run.stderr().trimEnd().split('\n').length, 1);
    });
  }

  it('serves the snapshot, writes the kubeconfig once listening, prints the URL, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apiserver-main-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const run = apiserver(['--snapshot', FIXTURE, '--kubeconfig', kubeconfig]);
    try {
      await waitFor(() => /\n/.test(run.stdout()), 10_000, 'the URL on stdout');
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

/**
 * `kubectl slices <TAB>` through the real kubectl (>= 1.26): kubectl finds kubectl_complete-slices
 * on PATH and runs it with the plugin's words plus the one being completed; it runs the
 * kubectl-slices beside it, whose `__complete` lists Services from the in-memory API server.
 * `kubectl __complete ...` is the request kubectl's own shell scripts make on TAB.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { serviceObjects } from '../cluster/generate.ts';
import { runProgram as run } from '../e2e/kubectl.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin');
/** PATH without this checkout's bin/, so only the temporary directory provides the plugin. */
const systemPath = (process.env.PATH ?? '').split(delimiter).filter((p) => p.replace(/\/+$/, '') !== bin).join(delimiter);

describe('kubectl slices <TAB>, completed by the real kubectl through kubectl_complete-slices', { timeout: 600_000 }, () => {
  let server: ApiServer;
  let dir: string;
  let plugins: string;
  let env: Record<string, string>;

  before(async () => {
    if (!existsSync(join(root, 'dist', 'kubectl-slices.mjs'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    const objects: KubeObject[] = [
      ...serviceObjects({ name: 'web', pods: 1, ipBase: 0 }),
      ...serviceObjects({ name: 'api', pods: 1, ipBase: 10 }),
      ...serviceObjects({ name: 'checkout', namespace: 'prod', pods: 1, ipBase: 20 }),
    ];
    server = await startApiServer({ objects });
    dir = mkdtempSync(join(tmpdir(), 'slices-kubectl-complete-'));
    server.writeKubeconfig(join(dir, 'kubeconfig'));
    // As installed by hand: the plugin (krew links it) and a copy of the completer beside it.
    plugins = join(dir, 'plugins');
    mkdirSync(plugins);
    symlinkSync(join(bin, 'kubectl-slices'), join(plugins, 'kubectl-slices'));
    copyFileSync(join(bin, 'kubectl_complete-slices'), join(plugins, 'kubectl_complete-slices'));
    env = { HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), PATH: `${plugins}${delimiter}${systemPath}` };
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl __complete slices explain "" lists the Services of the current namespace', async () => {
    const r = await run('kubectl', ['__complete', 'slices', 'explain', ''], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd(), 'api\nweb\n:4');
    assert.match(r.stderr, /About to call: .*kubectl_complete-slices explain $/m);
  });

  it('-n and --kubeconfig typed after `kubectl slices` reach the completer: the Services of prod', async () => {
    const noKubeconfig = { ...env, KUBECONFIG: join(dir, 'absent') };
    const r = await run('kubectl', ['__complete', 'slices', 'watch', '-n', 'prod', '--kubeconfig', env.KUBECONFIG ?? '', ''], noKubeconfig);
    assert.equal(r.stdout.trimEnd(), 'checkout\n:4', r.stderr);
  });

  it('kubectl slices <TAB> offers the subcommands with descriptions, -o <TAB> the formats', async () => {
    const commands = await run('kubectl', ['__complete', 'slices', ''], env);
    assert.match(commands.stdout, /^explain\texplain, pod by pod/m);
    assert.doesNotMatch(commands.stdout, /__complete/);
    const formats = await run('kubectl', ['__complete', 'slices', 'explain', 'web', '-o', ''], env);
    assert.equal(formats.stdout.trimEnd(), 'table\nwide\njson\nyaml\nname\njsonpath\njsonpath-file\njsonpath-as-json\ncustom-columns\ncustom-columns-file\n:4');
  });

  it('a cluster that cannot be reached: kubectl gets only the directive', async () => {
    const r = await run('kubectl', ['__complete', 'slices', 'explain', '--kubeconfig', join(dir, 'absent'), ''], env);
    assert.equal(r.stdout.trimEnd(), ':4');
  });

  it('kubectl_complete-slices with no kubectl-slices beside it runs the one on PATH', async () => {
    const alone = join(dir, 'alone');
    mkdirSync(alone);
    copyFileSync(join(bin, 'kubectl_complete-slices'), join(alone, 'kubectl_complete-slices'));
    const r = await run(join(alone, 'kubectl_complete-slices'), ['completion', ''], { ...env, PATH: `${systemPath}${delimiter}${plugins}` });
    assert.equal(r.stdout, 'bash\nzsh\nfish\n:4\n', r.stderr);
  });
});

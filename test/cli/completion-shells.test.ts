/**
 * The scripts of `kubectl-slices completion bash|zsh|fish`, run by the real shells against the
 * built kubectl-slices (bin/ on PATH) and the in-memory API server. bash completes through its
 * completion function with COMP_LINE set as readline sets it; fish through `complete -C`; zsh
 * through a pseudo-terminal (zsh/zpty) where TAB is really pressed. On a developer machine a shell
 * that is not installed is skipped, and its script is only checked for what registers it; in CI
 * (.ci/run installs zsh and fish from Debian's packages) a missing shell fails the test instead.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { completionScript } from '../../src/cli/completion/scripts.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { serviceObjects } from '../cluster/generate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const has = (shell: string) => Boolean(process.env.CI) || spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** `shell -c SCRIPT` with bin/ on PATH; asynchronous, so the in-process server can answer. */
function shell(program: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { env: { ...env, PATH: `${join(root, 'bin')}${delimiter}${process.env.PATH ?? ''}` }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** COMPREPLY for a command line typed up to the cursor, one per line. */
const bashCompletes = (line: string) => `source <(kubectl-slices completion bash) || exit 9
COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
_kubectl_slices; printf '%s\\n' "\${COMPREPLY[@]}"`;

/**
 * Types LINE and TAB into an interactive zsh and prints the screen once EXPECT shows up (10 s at
 * most). It types only once the prompt is back after the setup line, so a slow `compinit` on a
 * loaded machine cannot swallow the TAB; the prompt is spelt in two pieces so that the echo of the
 * setup line itself does not look like it.
 */
const zshTypes = (line: string, expect: string) => `zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=RE''ADY'> '; autoload -U compinit; compinit -u -D; source <(kubectl-slices completion zsh)"
out=; deadline=$((SECONDS + 10))
while (( SECONDS < deadline )) && [[ $out != *'READY> '* ]]; do
  zpty -r -t z chunk && out+=$chunk || sleep 0.1
done
zpty -w -n z ${shellQuote(line)}$'\\t'
out=; deadline=$((SECONDS + 10))
while (( SECONDS < deadline )) && [[ $out != *${shellQuote(expect)}* ]]; do
  zpty -r -t z chunk && out+=$chunk || sleep 0.1
done
zpty -d z
print -r -- "$out"`;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describe('shell completion scripts, run by the shells', { timeout: 600_000 }, () => {
  let server: ApiServer;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    if (!existsSync(join(root, 'dist', 'kubectl-slices.mjs'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    const objects: KubeObject[] = [...serviceObjects({ name: 'web', pods: 1, ipBase: 0 }), ...serviceObjects({ name: 'checkout', namespace: 'prod', pods: 1, ipBase: 10 })];
    server = await startApiServer({ objects });
    dir = mkdtempSync(join(tmpdir(), 'slices-shells-'));
    server.writeKubeconfig(join(dir, 'kubeconfig'));
    env = { HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), TERM: 'dumb' };
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bash: the script sources and registers a completion function for kubectl-slices', async () => {
    const r = await shell('bash', ['-c', 'source <(kubectl-slices completion bash) && complete -p kubectl-slices'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'complete -o default -F _kubectl_slices kubectl-slices\n');
  });

  it('bash: subcommands, a --flag= value (only the part after the =), and Service names from the cluster', async () => {
    assert.equal((await shell('bash', ['-c', bashCompletes('kubectl-slices ex')], env)).stdout, 'explain\n');
    assert.equal((await shell('bash', ['-c', bashCompletes('kubectl-slices explain --output=y')], env)).stdout, 'yaml\n');
    const r = await shell('bash', ['-c', bashCompletes('kubectl-slices explain -n prod ')], env);
    assert.equal(r.stdout, 'checkout\n', r.stderr);
  });

  it('fish: candidates with descriptions, --flag= values keep the flag, Services from the cluster, files for -f', { skip: !has('fish') && 'fish is not installed' }, async () => {
    const complete = (line: string) => shell('fish', ['-c', `kubectl-slices completion fish | source; complete -C ${shellQuote(line)}`], env).then((r) => r.stdout);
    assert.match(await complete('kubectl-slices ex'), /^explain\texplain, pod by pod/);
    // kubectl's JSONPath forms are -o values too (cli/options.ts), offered like json.
    assert.equal(await complete('kubectl-slices explain --output=j'), '--output=json\n--output=jsonpath\n--output=jsonpath-as-json\n--output=jsonpath-file\n');
    assert.equal(await complete('kubectl-slices watch -n prod '), 'checkout\n');
    assert.equal(await complete(`kubectl-slices explain -f ${root}examples/readiness-drill/obj`), `${root}examples/readiness-drill/objects.yaml\n`);
  });

  it('zsh: TAB completes a --flag= value and a Service name from the cluster', { skip: !has('zsh') && 'zsh is not installed' }, async () => {
    const flag = await shell('zsh', ['-fc', zshTypes('kubectl-slices explain --output=ya', 'explain --output=yaml')], env);
    assert.match(flag.stdout, /explain --output=yaml/, flag.stdout);
    const service = await shell('zsh', ['-fc', zshTypes('kubectl-slices explain -n prod ch', 'prod checkout')], env);
    assert.match(service.stdout, /explain -n prod checkout/, service.stdout);
  });

  it('without the shells, the scripts still carry what registers them', () => {
    assert.match(completionScript('zsh'), /^#compdef kubectl-slices\n/);
    assert.match(completionScript('zsh'), /compdef _kubectl-slices kubectl-slices/);
    assert.match(completionScript('fish'), /\ncomplete -c kubectl-slices -n __kubectl_slices_prepare -f -a '\$__kubectl_slices_results'\n/);
    for (const shell of ['bash', 'zsh', 'fish'] as const) assert.match(completionScript(shell), /kubectl-slices __complete /);
  });
});

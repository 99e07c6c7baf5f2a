/**
 * The young generation the program starts with (issue 15's start-up, issue 11's dump decoding):
 * V8 leaves room for 1 MiB of new objects before its first scavenge, and loading a command's code
 * alone allocates more, so an offline `explain` ran two scavenges and `rules` one, 1 to 4 ms each.
 * Both launchers, bin/kubectl-slices and the standalone executables' SEA config, start Node with
 * NODE_FLAGS, which leave room for 4 MiB: these commands then run none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS, seaConfig } from '../../scripts/release/sea.ts';
import { hostPlatform } from '../../scripts/release/platforms.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = join(root, 'dist', 'kubectl-slices.mjs');
const example = join(root, 'examples', 'readiness-drill');
const dump = join(example, 'iptables-save.after.txt');
const EXPLAIN = ['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${dump}`];
const RULES = ['rules', dump, '--service', 'default/readiness-deployment', '-o', 'json'];

/** The scavenges V8 reports (--trace-gc) while the bundle runs `args` with `flags`. */
function scavenges(flags: readonly string[], args: string[]): string[] {
  const result = spawnSync(process.execPath, [...flags, '--trace-gc', bundle, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(result.status === 0 || result.status === 3, `exited ${result.status}: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.includes(': Scavenge '));
}

/** The Node flags bin/kubectl-slices puts before the bundle on its exec line. */
function binFlags(): string[] {
  const exec = readFileSync(join(root, 'bin', 'kubectl-slices'), 'utf8').split('\n').find((line) => line.startsWith('exec '));
  assert.ok(exec, 'bin/kubectl-slices execs Node');
  const words = exec.split(/\s+/).slice(2);
  return words.slice(0, words.findIndex((word) => word.includes('dist/kubectl-slices.mjs')));
}

describe('the young generation the program starts with', () => {
  it('without the flags, the example explain and rules run scavenges (what the flags are for)', () => {
    assert.ok(scavenges([], EXPLAIN).length >= 1);
    assert.ok(scavenges([], RULES).length >= 1);
  });

  it('with them, neither runs one', () => {
    assert.deepEqual(scavenges(NODE_FLAGS, EXPLAIN), []);
    assert.deepEqual(scavenges(NODE_FLAGS, RULES), []);
  });

  it('bin/kubectl-slices and the standalone executables both start Node with them', () => {
    assert.deepEqual(binFlags(), [...NODE_FLAGS]);
    const platform = hostPlatform();
    assert.ok(platform);
    const config = seaConfig({ platform, nodeBinary: 'node', distDir: join(root, 'dist'), workDir: root, output: 'out' }) as { execArgv?: string[]; execArgvExtension?: string };
    assert.deepEqual(config.execArgv, [...NODE_FLAGS]);
    assert.equal(config.execArgvExtension, 'none', "a user's NODE_OPTIONS do not reach the executable");
  });
});

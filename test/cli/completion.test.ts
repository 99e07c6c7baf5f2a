/**
 * `kubectl-slices __complete WORDS... WORD`: what a shell (or kubectl, through
 * kubectl_complete-slices) gets back when the user presses TAB, in Cobra's protocol: candidates,
 * one per line with an optional tab and description, then `:<directive>`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { Directive } from '../../src/cli/completion/protocol.ts';
import { serviceObjects } from '../cluster/generate.ts';
import { requestLines, withLive } from '../cluster/live.ts';
import { runCli } from './capture.ts';

interface Completed {
  code: number;
  values: string[];
  descriptions: Map<string, string>;
  directive: number;
  stderr: string;
}

/** Runs `__complete` in-process and reads the protocol back. */
async function complete(words: string[], env: Record<string, string | undefined> = {}): Promise<Completed> {
  const r = await runCli(['__complete', ...words], { env });
  const lines = r.stdout.split('\n');
  assert.equal(lines.pop(), '', 'the output ends with a newline');
  const last = lines.pop() ?? '';
  assert.match(last, /^:\d+$/, `the last line is the directive, got ${JSON.stringify(r.stdout)}`);
  const pairs = lines.map((l) => l.split('\t') as [string, string?]);
  return { code: r.code, values: pairs.map(([v]) => v), descriptions: new Map(pairs.map(([v, d]) => [v, d ?? ''])), directive: Number(last.slice(1)), stderr: r.stderr };
}

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** Two Services in default, two in prod. */
function cluster(): KubeObject[] {
  return [
    namespace('default'),
    namespace('prod'),
    ...serviceObjects({ name: 'web', pods: 1, ipBase: 0 }),
    ...serviceObjects({ name: 'api', pods: 1, ipBase: 10 }),
    ...serviceObjects({ name: 'checkout', namespace: 'prod', pods: 1, ipBase: 20 }),
    ...serviceObjects({ name: 'cart', namespace: 'prod', pods: 1, ipBase: 30 }),
  ];
}

describe('completion: commands, flags and their values come from the command tree', () => {
  it('kubectl-slices <TAB> offers every subcommand with its description, never the hidden __complete', async () => {
    const r = await complete(['']);
    assert.equal(r.code, 0);
    assert.deepEqual(r.values, ['explain', 'list', 'snapshot', 'rules', 'watch', 'demo', 'version', 'completion', 'help']);
    assert.match(r.descriptions.get('explain') ?? '', /^explain, pod by pod, which pods of a Service get traffic/);
    assert.equal(r.directive, Directive.noFileComp);
  });

  it('kubectl-slices ex<TAB> narrows to explain; help <TAB> offers the subcommands again', async () => {
    assert.deepEqual((await complete(['ex'])).values, ['explain']);
    assert.deepEqual((await complete(['help', 'w'])).values, ['watch']);
  });

  it('explain -o <TAB> offers its output formats, --output=j<TAB> the value after the =, and no files', async () => {
    const r = await complete(['explain', '-o', '']);
    assert.deepEqual(r.values, ['table', 'wide', 'json', 'yaml', 'name', 'jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file']);
    assert.equal(r.directive, Directive.noFileComp);
    assert.deepEqual((await complete(['explain', '--output=j'])).values, ['json', 'jsonpath', 'jsonpath-file', 'jsonpath-as-json']);
    assert.deepEqual((await complete(['snapshot', 'svc/web', '-o', ''])).values, ['json', 'yaml']);
    assert.deepEqual((await complete(['watch', '--until', ''])).values, ['all-ready', 'any-not-ready']);
  });

  it('completion <TAB> offers the three shells', async () => {
    assert.deepEqual((await complete(['completion', ''])).values, ['bash', 'zsh', 'fish']);
  });

  it('explain -<TAB> offers its flags with their help, hidden ones left out, a one-shot flag only until given', async () => {
    const r = await complete(['explain', '-']);
    for (const flag of ['-n', '--namespace', '-f', '--filename', '--dataplane', '--iptables', '-o', '--output', '--kubeconfig', '--context', '--watch', '-h', '--help']) assert.ok(r.values.includes(flag), flag);
    assert.ok(!r.values.includes('--stall-timeout'), 'hidden flag');
    assert.equal(r.descriptions.get('--dataplane'), "a node's dataplane dump: iptables-save, nft list, ipvsadm -Ln or cilium-dbg service list output, told by content (repeatable: several per node combine)");
    assert.equal(r.descriptions.get('--iptables'), 'the same as --dataplane (its old name)');
    const given = await complete(['explain', '-o', 'json', '-f', 'a.yaml', '--']);
    assert.ok(!given.values.includes('--output'), '-o is given once');
    assert.ok(given.values.includes('--filename'), '-f is repeatable');
    assert.equal(new Set(given.values).size, given.values.length, 'no flag twice');
  });

  it('flags that take files leave completion to the shell (directive 0); other values get no files', async () => {
    for (const words of [['explain', '-f', ''], ['explain', '--iptables', ''], ['explain', '--kubeconfig', ''], ['rules', '']]) {
      const r = await complete(words);
      assert.deepEqual([r.values, r.directive], [[], Directive.default], words.join(' '));
    }
    for (const words of [['explain', '--request-timeout', ''], ['watch', 'web', '--for', ''], ['explain', 'web', ''], ['explain', '--help', '']]) {
      assert.deepEqual((await complete(words)).directive, Directive.noFileComp, words.join(' '));
    }
  });

  it('an unknown subcommand or flag ends with the default directive, as Cobra does', async () => {
    assert.deepEqual(await complete(['bogus', '']).then((r) => [r.values, r.directive]), [[], Directive.default]);
    assert.deepEqual(await complete(['explain', '--bogus', '']).then((r) => [r.values, r.directive]), [[], Directive.default]);
  });
});

describe('completion: Service names from the cluster', () => {
  it('explain -n prod <TAB> lists the Services of prod, with one list request', async () => {
    await withLive(cluster(), async (live) => {
      const r = await complete(['explain', '-n', 'prod', '--kubeconfig', live.kubeconfig, ''], { HOME: live.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([r.values, r.directive], [['cart', 'checkout'], Directive.noFileComp]);
      assert.deepEqual(requestLines(live.server.requests), ['GET /api/v1/namespaces/prod/services?limit=500']);
    });
  });

  it('without -n, the context namespace; the word typed so far filters; svc/ keeps its prefix', async () => {
    await withLive(cluster(), async (live) => {
      const env = { HOME: live.dir, KUBECONFIG: live.kubeconfig };
      assert.deepEqual((await complete(['watch', ''], env)).values, ['api', 'web']);
      assert.deepEqual((await complete(['snapshot', 'w'], env)).values, ['web']);
      assert.deepEqual((await complete(['explain', '--namespace=prod', 'svc/c'], env)).values, ['svc/cart', 'svc/checkout']);
    });
  });

  it('-n <TAB> lists namespaces; --context <TAB> the kubeconfig contexts', async () => {
    await withLive(cluster(), async (live) => {
      const env = { HOME: live.dir, KUBECONFIG: live.kubeconfig };
      assert.deepEqual((await complete(['explain', '-n', ''], env)).values, ['default', 'prod']);
      assert.deepEqual((await complete(['list', '--context', ''], env)).values, ['test-apiserver']);
    });
  });

  it('an unreachable cluster yields only the directive, exit 0; the reason goes to stderr alone', async () => {
    await withLive(cluster(), async (live) => {
      await live.server.close();
      const r = await complete(['explain', '--kubeconfig', live.kubeconfig, ''], { HOME: live.dir });
      assert.deepEqual([r.code, r.values, r.directive], [0, [], Directive.noFileComp]);
      assert.match(r.stderr, /^error: cannot complete services: .*refused/);
    });
  });

  it('no kubeconfig at all: only the directive', async () => {
    const r = await complete(['explain', ''], { HOME: '/nonexistent' });
    assert.deepEqual([r.code, r.values, r.directive], [0, [], Directive.noFileComp]);
  });

  // The stall never ends: that the completer returns at all shows a deadline fired, and stderr
  // says which one (the 2 s request deadline). No wall-clock bound: load can only make it later.
  it('a server that never answers: the lookup gives up at its deadline, never hangs the shell', async () => {
    await withLive(cluster(), async (live) => {
      live.server.fault({ path: /services/, kind: 'stall' });
      const r = await complete(['explain', '--kubeconfig', live.kubeconfig, ''], { HOME: live.dir });
      assert.deepEqual([r.code, r.values, r.directive], [0, [], Directive.noFileComp]);
      assert.match(r.stderr, /^error: cannot complete services: .*(within 2s|within 3s)/);
    });
  });
});

describe('completion command', () => {
  it('an unknown shell is a usage error naming the allowed shells, on one line', async () => {
    const r = await runCli(['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: .*'tcsh'.*bash, zsh, fish\.\n$/);
  });

  it('--help lists completion but not __complete', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /\n {2}completion /);
    assert.doesNotMatch(r.stdout, /__complete/);
  });
});

describe('completion stays light', () => {
  const HOOK = String.raw`import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) {
  if (/client-node|\/ink\/|\/react\//.test(url)) process.stderr.write('LOADED ' + url + '\n');
  return next(url, context);
} });
`;

  /** The heavy modules (client-node, ink, react) a `__complete` run loads, as a module hook sees them. */
  function heavyModulesLoaded(words: string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'slices-hook-'));
    const hook = join(dir, 'hook.mjs');
    writeFileSync(hook, HOOK);
    try {
      const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', hook, main, '__complete', ...words], { env: { PATH: process.env.PATH, HOME: dir }, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('subcommands, flags and -o values load neither client-node nor ink; a Service lookup loads client-node', () => {
    for (const words of [[''], ['explain', '-o', ''], ['explain', '-']]) assert.deepEqual(heavyModulesLoaded(words), [], words.join(' '));
    assert.ok(heavyModulesLoaded(['explain', '']).some((url) => url.includes('client-node')), 'the hook sees a lookup load client-node');
  });
});

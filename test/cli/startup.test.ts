/**
 * Start-up: each command loads only the heavy packages it needs (issue "Ship it": no ink for
 * `explain`, no client for `-f`). Runs the real bundle (`npm run build` output, the same chunks
 * the standalone executables carry) and reads off which npm packages its loaded chunks contain.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { liveCodeApart, OFFLINE_LOADED_CLUSTER_MODULES } from '../../scripts/build-plugins.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = join(root, 'examples', 'readiness-drill');
const HEAVY = ['ink', 'react', 'react-reconciler', 'yoga-layout', '@kubernetes/client-node', 'undici'];
// Built-ins whose loading cost more than the rest of an offline command (issue 15): node:crypto
// (about 50 internal modules and OpenSSL), and node:child_process, which commander requires at
// the top but calls only for executable subcommands. The bundle loads a built-in on first use
// (scripts/build.mjs), and kube-proxy's hashes use src/kubeproxy/sha256.ts (a JavaScript SHA-256).
const COSTLY_BUILTINS = ['crypto', 'child_process', 'internal/child_process', 'internal/crypto/hash'];

// Port 1 on loopback: nothing listens, the connection is refused at once.
const UNREACHABLE_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'http://127.0.0.1:1'}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
current-context: x
`;

interface Loaded {
  /** npm packages bundled in the chunks that were loaded. */
  packages: string[];
  /** Our own modules (`src/...`) in the chunks that were loaded. */
  sources: string[];
  /** `node:` specifiers the bundle's chunks import as ES modules. */
  imported: string[];
  /** Node built-in modules that were loaded, internal ones included. */
  builtins: string[];
}

function packagesLoadedBy(args: string[]): string[] {
  return loadedBy(args).packages;
}

function loadedBy(args: string[], stderr: 'ignore' | 'pipe' = 'ignore', stdout: 'ignore' | 'pipe' = 'ignore'): Loaded {
  const dir = mkdtempSync(join(tmpdir(), 'slices-startup-'));
  try {
    const record = join(dir, 'packages.json');
    // Exit codes are not the point here: a live command against no cluster fails, after loading.
    spawnSync(process.execPath, ['--import', join(root, 'test/cli/fixtures/record-packages.mjs'), join(root, 'dist/kubectl-slices.mjs'), ...args], {
      env: { ...process.env, RECORD_PACKAGES_TO: record, NO_COLOR: '1' },
      stdio: ['ignore', stdout, stderr],
      maxBuffer: 64 << 20,
    });
    return JSON.parse(readFileSync(record, 'utf8')) as Loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertNone(loaded: string[], forbidden: string[]): void {
  assert.deepEqual(loaded.filter((p) => forbidden.includes(p)), [], `loaded: ${loaded.join(', ')}`);
}

describe('start-up loads only what the command needs', () => {
  it('a live explain does load the Kubernetes client (the recorder sees heavy packages when they load)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slices-kubeconfig-'));
    try {
      const kubeconfig = join(dir, 'config');
      writeFileSync(kubeconfig, UNREACHABLE_KUBECONFIG);
      const loaded = loadedBy(['explain', 'web', '--kubeconfig', kubeconfig, '--request-timeout', '1s']);
      assert.ok(loaded.packages.includes('@kubernetes/client-node'), `loaded: ${loaded.packages.join(', ')}`);
      assert.ok(loaded.builtins.includes('crypto'), 'the recorder sees costly built-ins when they load (TLS needs node:crypto)');
      assertNone(loaded.packages, ['ink', 'react']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('version loads no package at all, not even the command-line parser, and no costly built-in', () => {
    const loaded = loadedBy(['version']);
    assert.deepEqual(loaded.packages, []);
    assertNone(loaded.builtins, COSTLY_BUILTINS);
  });

  it('explain -f on the example (kubectl get -o yaml output, a node dump) reads it without js-yaml, and loads no ink, no Kubernetes client and no costly built-in', () => {
    const loaded = loadedBy(['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${join(example, 'iptables-save.after.txt')}`]);
    // kubectl's YAML is read by src/sources/blockYaml.ts; js-yaml only for what that leaves to it.
    assertNone(loaded.packages, [...HEAVY, 'chalk', 'js-yaml']);
    assert.ok(loaded.packages.includes('commander'), 'the positive control: the command line was loaded');
    assertNone(loaded.builtins, COSTLY_BUILTINS);
  });

  it('explain -f on YAML with an anchor loads js-yaml, which reads what blockYaml leaves', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slices-anchor-'));
    try {
      const file = join(dir, 'objects.yaml');
      writeFileSync(file, readFileSync(join(example, 'objects.yaml'), 'utf8').replace('  spec:\n', '  spec: &spec\n'));
      assert.ok(loadedBy(['explain', 'svc/readiness-deployment', '-f', file]).packages.includes('js-yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explain -f - still reads the objects from stdin, which the bundle creates only when read', () => {
    const objects = readFileSync(join(example, 'objects.yaml'));
    const r = spawnSync(process.execPath, [join(root, 'dist/kubectl-slices.mjs'), 'explain', 'svc/readiness-deployment', '-f', '-', '-o', 'json'], { input: objects, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { service: { name: string } }).service.name, 'readiness-deployment');
  });

  it('explain -f -o json loads no ink, no Kubernetes client and no chalk', () => {
    assertNone(packagesLoadedBy(['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '-o', 'json']), [...HEAVY, 'chalk']);
  });

  it('rules on a node dump loads no ink, no Kubernetes client and no YAML parser', () => {
    assertNone(packagesLoadedBy(['rules', join(example, 'iptables-save.after.txt')]), [...HEAVY, 'js-yaml']);
  });

  it('explain --color=always loads chalk, and still no ink', () => {
    const loaded = packagesLoadedBy(['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--color', 'always']);
    assert.ok(loaded.includes('chalk'), `loaded: ${loaded.join(', ')}`);
    assertNone(loaded, HEAVY);
  });
});

// On a pipe (or a terminal), Node's process.stderr is a socket: creating it loads node:net. A
// command that succeeds writes nothing there, so src/main.ts creates stderr on its first use.
describe('a command that succeeds does not create its stderr stream', () => {
  const viaPipe = (args: string[]) => loadedBy(args, 'pipe').builtins;
  it('rules and explain -f, stderr on a pipe, load no node:net', () => {
    assertNone(viaPipe(['rules', join(example, 'iptables-save.after.txt')]), ['net']);
    assertNone(viaPipe(['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${join(example, 'iptables-save.after.txt')}`]), ['net']);
  });

  it('an error still reaches stderr (the check sees node:net when stderr is written)', () => {
    assert.ok(viaPipe(['rules', join(example, 'no-such-dump.txt')]).includes('net'));
  });
});

// Creating process.stdout loads Node's stream stack; output to a file, /dev/null or a pipe is
// written straight to descriptor 1 instead (src/cli/stdout.ts).
describe('output on /dev/null loads no stream module', () => {
  const STREAMS = ['stream', 'internal/streams/readable', 'internal/streams/writable'];
  const explain = ['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${join(example, 'iptables-save.after.txt')}`];
  it('version and explain -f', () => {
    assertNone(loadedBy(['version']).builtins, STREAMS);
    assertNone(loadedBy(explain).builtins, STREAMS);
  });

  it('explain -f with its output on a socket does load them (the check sees stream modules when they load)', () => {
    assert.ok(loadedBy(explain, 'ignore', 'pipe').builtins.includes('stream'));
  });
});

// Offline commands load no module that reads a live cluster (scripts/build-plugins.mjs, liveCodeApart).
describe('offline commands load no code that reads a live cluster', () => {
  const liveOnly = (sources: readonly string[]) => sources.filter((s) => s.startsWith('src/sources/cluster/') && !OFFLINE_LOADED_CLUSTER_MODULES.includes(s));
  for (const [name, args] of [
    ['explain -f with a node dump', ['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--dataplane', `minikube=${join(example, 'iptables-save.after.txt')}`]],
    ['explain pod/NAME -f', ['explain', 'pod/readiness-deployment-b5d4f7c47-jl97z', '-f', join(example, 'objects.yaml')]],
    ['list -f', ['list', '-f', join(example, 'objects.yaml')]],
    ['rules on a node dump', ['rules', join(example, 'iptables-save.after.txt')]],
  ] as const) {
    it(name, () => {
      const { sources } = loadedBy([...args]);
      assert.ok(sources.includes('src/cli/commands.ts'), `the recorder saw our modules: ${sources.join(', ')}`);
      assert.deepEqual(liveOnly(sources), []);
    });
  }

  it('the build declares effectful only the chunks made of live-cluster modules of ours', () => {
    const chunk = (...modules: string[]) => modules.map((m) => `// ${m}\nexport const x${m.length} = 1;`).join('\n');
    for (const [code, marked] of [
      [chunk('src/sources/cluster/route.ts', 'src/sources/cluster/start.ts'), true],
      [chunk('src/sources/cluster/snapshot.ts', 'src/kubernetes/shapes.ts'), false],
      [chunk('src/sources/cluster/bundle.ts'), false],
      // A package's code would no longer be tree-shaken (client-node's chunk grew by 640 KB).
      [chunk('src/sources/cluster/kubeconfig.ts', 'node_modules/@kubernetes/client-node/dist/config.js'), false],
      ['export const x = 1;', false],
    ] as const) {
      assert.equal(liveCodeApart.transform(code)?.moduleSideEffects === 'no-treeshake', marked, code);
    }
  });

  it('a live explain does load them (the check sees live-cluster modules when they load)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slices-kubeconfig-'));
    try {
      const kubeconfig = join(dir, 'config');
      writeFileSync(kubeconfig, UNREACHABLE_KUBECONFIG);
      assert.ok(liveOnly(loadedBy(['explain', 'web', '--kubeconfig', kubeconfig, '--request-timeout', '1s']).sources).length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// src/dataplane/decode.ts imports each format's decoder when a dump of that format is read. The
// ipvsadm decoder (under rollup's 50 KB merge size, scripts/build.mjs) travels with the `rules`
// command's own chunk; the other three are chunks of their own.
const DECODERS = {
  iptables: 'src/kubeproxy/iptables/decode.ts',
  nftables: 'src/kubeproxy/nftables/decode.ts',
  ipvs: 'src/kubeproxy/ipvs/decode.ts',
  cilium: 'src/cilium/decode.ts',
} as const;
const fixture = (path: string): string => join(root, 'test', path);

describe('a dump loads its own decoder, not the other dataplanes\'', () => {
  for (const [format, name, dump, others] of [
    ['iptables', 'an iptables-save dump', join(example, 'iptables-save.after.txt'), ['nftables', 'cilium']],
    ['nftables', 'an nft listing', fixture('kubeproxy/nftables/dumps/v1.35-test-overall.nft'), ['iptables', 'cilium']],
    ['ipvs', 'an ipvsadm listing', fixture('kubeproxy/ipvs/dumps/persistent-nodeports.txt'), ['iptables', 'nftables', 'cilium']],
    ['cilium', 'a cilium-dbg listing', fixture('cilium/dumps/maintenance-pr24136.txt'), ['iptables', 'nftables']],
  ] as const) {
    it(`rules on ${name}`, () => {
      const { sources } = loadedBy(['rules', dump]);
      assert.ok(sources.includes(DECODERS[format]), `loaded: ${sources.join(', ')}`);
      assertNone(sources, others.map((other) => DECODERS[other]));
    });
  }

  it('explain -f with an iptables dump', () => {
    const { sources } = loadedBy(['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--dataplane', `minikube=${join(example, 'iptables-save.after.txt')}`]);
    assert.ok(sources.includes(DECODERS.iptables), `loaded: ${sources.join(', ')}`);
    assertNone(sources, [DECODERS.nftables, DECODERS.cilium]);
  });
});

// scripts/build-plugins.mjs: an ESM import of a built-in builds a facade that reads every export
// (node:process's stdin/stdout getters, node:fs's promises, ...); the bundle takes them from
// process.getBuiltinModule instead. commander's child_process waits for a spawn that never comes.
const WITHOUT_FACADE = ['node:process', 'node:util', 'node:fs', 'node:fs/promises', 'node:path', 'node:buffer', 'node:events'];

describe('start-up builds no facade for the built-ins it uses', () => {
  for (const [name, args] of [
    ['version', ['version']],
    ['rules on a node dump', ['rules', join(example, 'iptables-save.after.txt')]],
  ] as const) {
    it(`${name} imports none of ${WITHOUT_FACADE.join(', ')} as an ES module, and loads no child_process`, () => {
      const { imported, builtins: loaded } = loadedBy([...args]);
      assert.ok(loaded.includes('fs'), `the recorder saw the built-ins: ${loaded.join(', ')}`);
      assert.deepEqual(imported.filter((m) => WITHOUT_FACADE.includes(m)), []);
      assert.deepEqual(loaded.filter((m) => m === 'child_process' || m === 'net'), []);
    });
  }

  it('version loads no node:crypto (kube-proxy chain hashes use src/kubeproxy/sha256.ts)', () => {
    assert.ok(!loadedBy(['version']).builtins.includes('crypto'));
  });
});


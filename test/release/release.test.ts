/**
 * `npm run release` for this machine's platform (linux amd64): the standalone executable is built
 * from the official Node binary, packed with LICENSE, described in a krew manifest that passes
 * krew's validation, installed the way `kubectl krew install --manifest --archive` does, and run
 * through the real kubectl, where it must explain the shipped example exactly as the bundle does.
 * The linux arm64 executable runs too, under qemu-user; the npm package installs with npm i -g.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { findInstalledLicense, installPlugin, type InstalledPlugin } from '../../scripts/release/krew/install.ts';
import { reviewManifest } from '../../scripts/release/krew/review.ts';
import { validateManifest } from '../../scripts/release/krew/validate.ts';
import { loadManifestYaml } from '../../scripts/release/krew/yaml.ts';
import { debugSections, elfSectionNames } from '../../scripts/release/elf.ts';
import { renderManifest } from '../../scripts/release/manifest.ts';
import { packNpmPackage } from '../../scripts/release/npmpackage.ts';
import { findPlatform, hostPlatform, NODE_VERSION } from '../../scripts/release/platforms.ts';
import type { ReleasedPlatform } from '../../scripts/release/release.ts';
import { startApiServer } from '../apiserver/server.ts';
import { runProgram } from '../e2e/kubectl.ts';
import { releaseOne, root } from './build.ts';

const run = promisify(execFile);
const host = hostPlatform();
const work = mkdtempSync(join(tmpdir(), 'slices-release-'));
const krewRoot = join(work, 'krew');
const env = { ...process.env, PATH: [join(krewRoot, 'bin'), ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== join(root, 'bin'))].join(delimiter), NO_COLOR: '1' };
let released: ReleasedPlatform;
let manifest: unknown;
let installed: InstalledPlugin;

describe('the linux amd64 release, installed the krew way', { skip: host?.os !== 'linux' || host.arch !== 'amd64' ? 'builds the linux amd64 executable, on linux amd64 only' : false }, () => {
  before(async () => {
    released = await releaseOne(host!, join(work, 'out'));
    const text = renderManifest({ tag: 'v0.1.0', homepage: 'https://github.com/kubectl-slices/kubectl-slices', downloadBase: 'https://github.com/kubectl-slices/kubectl-slices/releases/download', archives: [released] });
    manifest = loadManifestYaml(text, 'slices.yaml');
    installed = await installPlugin({ manifest, archivePath: released.archivePath, os: 'linux', arch: 'amd64', krewRoot });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('its manifest passes krew validation and the project rules under its krew-index name', () => {
    assert.deepEqual(validateManifest('slices.yaml', manifest), []);
    assert.deepEqual(reviewManifest(manifest), []);
  });

  it('krew links kubectl-slices into its bin folder and installs the LICENSE', async () => {
    assert.equal(installed.linkPath, join(krewRoot, 'bin', 'kubectl-slices'));
    assert.ok(statSync(installed.binPath).mode & 0o100, 'the executable keeps its executable bit');
    assert.deepEqual(debugSections(elfSectionNames(installed.binPath)), [], 'built from the stripped Node binary');
    assert.match(await findInstalledLicense(krewRoot), /LICENSE$/);
  });

  it('kubectl slices version runs the standalone executable on its embedded Node', async () => {
    const { stdout } = await run('kubectl', ['slices', 'version'], { env });
    assert.equal(stdout, `kubectl-slices 0.1.0 (node ${NODE_VERSION})\n`);
  });

  it('kubectl slices explain -f on the shipped example prints what the bundle prints, and exits 3 with --exit-code', async () => {
    const example = join(installed.installDir, 'examples', 'readiness-drill');
    const args = ['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${join(example, 'iptables-save.after.txt')}`];
    const fromBundle = await run(process.execPath, [join(root, 'dist', 'kubectl-slices.mjs'), ...args], { env });
    const throughKubectl = await run('kubectl', ['slices', ...args], { env });
    assert.equal(throughKubectl.stdout, fromBundle.stdout);
    assert.match(throughKubectl.stdout, /2 of 3 pods receive traffic/);
    await assert.rejects(run('kubectl', ['slices', ...args, '--exit-code'], { env }), (err: { code?: number }) => err.code === 3);
  });

  // The executable carries the chunks minified (scripts/release/chunks.ts): each command, which
  // loads chunks of its own, prints byte for byte what the bundle prints, errors and exit codes too.
  it('every command prints what the bundle prints, offline and against an API server', async () => {
    const example = join(installed.installDir, 'examples', 'readiness-drill');
    const objects = join(example, 'objects.yaml');
    const dump = `minikube=${join(example, 'iptables-save.after.txt')}`;
    const pod = 'pod/readiness-deployment-b5d4f7c47-jl97z';
    const offline: string[][] = [
      ['explain', 'svc/readiness-deployment', '-f', objects, '--dataplane', dump, '-o', 'json'],
      ['explain', 'svc/readiness-deployment', '-f', objects, '--dataplane', dump, '-o', 'yaml'],
      ['explain', pod, '-f', objects],
      ['explain', '-l', 'component=apiserver', '-f', objects, '-o', 'custom-columns=NAME:.name,READY:.ready'],
      ['explain', 'svc/readiness-deployment', '-f', objects, '-o', 'jsonpath={range .pods[*]}{.name}{"\\t"}{.verdict}{"\\n"}{end}'],
      ['explain', 'svc/readiness-deployment', 'svc/kubernetes', '-f', objects, '-o', 'yaml'],
      ['rules', '--service', 'default/readiness-deployment', dump],
      ['explain', 'nosuch', '-f', objects],
      ['explain', '--no-such-flag'],
      ['explain', '--help'],
      ['completion', 'zsh'],
    ];
    const live = await startApiServer({ snapshotFile: objects });
    const kubeconfig = join(work, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, live.kubeconfigYaml());
    try {
      for (const args of [...offline, ['explain', 'svc/readiness-deployment'], ['list', '-A']]) {
        const withCluster = { ...env, KUBECONFIG: kubeconfig };
        assert.deepEqual(await runProgram(installed.binPath, args, withCluster), await runProgram(process.execPath, [join(root, 'dist', 'kubectl-slices.mjs'), ...args], withCluster), args.join(' '));
      }
    } finally {
      await live.close();
    }
  });

  it('a bad file is a one-line error and exit 1 from the executable too', async () => {
    await assert.rejects(run('kubectl', ['slices', 'explain', 'web', '-f', join(work, 'missing.yaml')], { env }), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /^error: .*missing\.yaml.*\n$/);
      return true;
    });
  });

  it('the completer from the archive, linked as the caveats say, completes through kubectl', async () => {
    const completer = join(installed.installDir, 'kubectl_complete-slices');
    assert.ok(existsSync(completer));
    symlinkSync(completer, join(krewRoot, 'bin', 'kubectl_complete-slices'));
    const { stdout } = await run('kubectl', ['__complete', 'slices', 'exp'], { env });
    assert.match(stdout, /^explain\t/m);
  });
});

describe('the npm package of a release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slices-npm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('installs with npm i -g offline (no dependencies, no scripts) and runs through kubectl on the Node on PATH', async () => {
    const tgz = join(dir, packNpmPackage(root, dir));
    const prefix = join(dir, 'prefix');
    await run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz]);
    assert.deepEqual(readdirSync(join(prefix, 'bin')).sort(), ['kubectl-slices', 'kubectl_complete-slices']);
    const path = [join(prefix, 'bin'), dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== join(root, 'bin'))].join(delimiter);
    const { stdout } = await run('kubectl', ['slices', 'version'], { env: { ...process.env, PATH: path } });
    assert.equal(stdout, `kubectl-slices 0.1.0 (node ${process.versions.node})\n`);
    const installed = join(prefix, 'lib', 'node_modules', 'kubectl-slices');
    assert.ok(!existsSync(join(installed, 'node_modules')), 'no dependency was installed');
  });
});

// The other architecture's executable is built on this machine too (`--build-sea` injects into
// any ELF); qemu-user from Debian runs it here. .ci/run installs qemu-user and the arm64 libraries.
const qemu = spawnSync('sh', ['-c', 'command -v qemu-aarch64']).status === 0;

describe('the linux arm64 executable, run under qemu-user', { skip: !qemu && !process.env.CI ? 'qemu-aarch64 is not installed' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'slices-arm64-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is built from the stripped Node binary and explains the shipped example exactly as the bundle does', async () => {
    const arm64 = await releaseOne(findPlatform('linux/arm64'), join(dir, 'out'));
    const unpacked = join(dir, 'unpacked');
    await run('sh', ['-c', `mkdir -p "$1" && tar -xzf "$2" -C "$1"`, 'sh', unpacked, arm64.archivePath]);
    assert.deepEqual(debugSections(elfSectionNames(join(unpacked, 'kubectl-slices'))), []);
    const example = join(unpacked, 'examples', 'readiness-drill');
    const args = ['explain', 'svc/readiness-deployment', '-f', join(example, 'objects.yaml'), '--iptables', `minikube=${join(example, 'iptables-save.after.txt')}`];
    const emulated = await run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', join(unpacked, 'kubectl-slices'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    const fromBundle = await run(process.execPath, [join(root, 'dist', 'kubectl-slices.mjs'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(emulated.stdout, fromBundle.stdout);
  });
});

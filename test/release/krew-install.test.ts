/**
 * Installing a plugin archive the way `kubectl krew install --manifest --archive` does, then
 * running it through the real kubectl: a tiny fake plugin (a shell script and a LICENSE) is
 * packed as .tar.gz and .zip, described by a manifest with the archives' real sha256, installed
 * into a temporary KREW_ROOT, and found by kubectl on PATH.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { applyFiles, findInstalledLicense, installPlugin, pluginNameToBin, selectPlatform } from '../../scripts/release/krew/install.ts';
import type { Platform, Plugin } from '../../scripts/release/krew/manifest.ts';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'krew-install-'));
const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const hasUnzip = spawnOk('sh', ['-c', 'command -v unzip']);
after(() => rmSync(work, { recursive: true, force: true }));

/** A plugin folder: `kubectl-<name>` printing its arguments, and a LICENSE. */
function fakePlugin(name: string): string {
  const dir = join(work, `src-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `kubectl-${name}`), `#!/bin/sh\necho "kubectl-${name} from krew: $*"\n`);
  chmodSync(join(dir, `kubectl-${name}`), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Apache License 2.0\n');
  return dir;
}

function tarGz(dir: string, out: string, ...members: string[]): string {
  execFileSync('tar', ['-czf', out, '-C', dir, ...members]);
  return out;
}

/** A zip made by Python's zipfile, which records each file's Unix mode. */
function zip(dir: string, out: string, ...members: string[]): string {
  const script = 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    for m in sys.argv[3:]: z.write(sys.argv[2] + "/" + m, m)\n';
  execFileSync('python3', ['-c', script, out, dir, ...members]);
  return out;
}

/** A tar.gz holding whatever Python's tarfile is told to add (names `tar` would rewrite). */
function craftedTarGz(out: string, script: string): string {
  execFileSync('python3', ['-c', `import io, sys, tarfile\nt = tarfile.open(sys.argv[1], "w:gz")\n${script}\nt.close()\n`, out]);
  return out;
}

function manifestFor(name: string, platforms: Platform[]): Plugin {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name },
    spec: { version: 'v0.1.0', shortDescription: 'A fake plugin for install tests', description: 'Prints its arguments.\n', platforms },
  };
}

function platformFor(name: string, os: string, arch: string, archive: string): Platform {
  return {
    selector: { matchLabels: { os, arch } },
    uri: `https://example.com/kubectl-${name}_${os}_${arch}`,
    sha256: sha256Of(archive),
    bin: `kubectl-${name}`,
    files: [
      { from: `kubectl-${name}`, to: '.' },
      { from: 'LICENSE', to: '.' },
    ],
  };
}

/** `kubectl <args>` with the krew root's bin folder first on PATH, as krew's setup tells users. */
async function kubectl(krewRoot: string, ...args: string[]): Promise<string> {
  const PATH = `${join(krewRoot, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
  const { stdout } = await run('kubectl', args, { env: { ...process.env, PATH } });
  return stdout;
}

const freshRoot = (label: string) => mkdtempSync(join(work, `root-${label}-`));

function spawnOk(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('installing krew-style', () => {
  const src = fakePlugin('slices');
  const linuxTar = tarGz(src, join(work, 'kubectl-slices_linux_amd64.tar.gz'), 'kubectl-slices', 'LICENSE');
  const darwinZip = zip(src, join(work, 'kubectl-slices_darwin_arm64.zip'), 'kubectl-slices', 'LICENSE');
  const manifest = manifestFor('slices', [platformFor('slices', 'linux', 'amd64', linuxTar), platformFor('slices', 'darwin', 'arm64', darwinZip)]);

  test('the linux/amd64 tar.gz installs into store/, is linked from bin/, and kubectl runs it as `kubectl slices`', async () => {
    const krewRoot = freshRoot('tar');
    const installed = await installPlugin({ manifest, archivePath: linuxTar, os: 'linux', arch: 'amd64', krewRoot });
    assert.equal(installed.platformIndex, 0);
    assert.equal(installed.installDir, join(krewRoot, 'store', 'slices', 'v0.1.0'));
    assert.equal(installed.binPath, join(installed.installDir, 'kubectl-slices'));
    assert.equal(installed.linkPath, join(krewRoot, 'bin', 'kubectl-slices'));
    assert.ok(lstatSync(installed.linkPath).isSymbolicLink());
    assert.equal(readlinkSync(installed.linkPath), join('..', 'store', 'slices', 'v0.1.0', 'kubectl-slices'));
    assert.equal(await findInstalledLicense(krewRoot), join(installed.installDir, 'LICENSE'));
    const receipt = load(readFileSync(installed.receiptPath, 'utf8')) as { metadata: { name: string }; status: { source: { name: string } } };
    assert.deepEqual([receipt.metadata.name, receipt.status.source.name], ['slices', 'detached']);
    assert.equal(await kubectl(krewRoot, 'slices', 'version', '--short'), 'kubectl-slices from krew: version --short\n');
  });

  test('a zip installs the same way when unpacked by python3 zipfile (no unzip), keeping the exec bit', async () => {
    const krewRoot = freshRoot('zip-python');
    const installed = await installPlugin({ manifest, archivePath: darwinZip, os: 'darwin', arch: 'arm64', krewRoot, zipTool: 'python3' });
    assert.equal(installed.platformIndex, 1);
    assert.equal(statSync(installed.binPath).mode & 0o777, 0o755);
    assert.equal(await kubectl(krewRoot, 'slices', 'explain'), 'kubectl-slices from krew: explain\n');
  });

  test('a zip installs the same way when unpacked by unzip', { skip: !hasUnzip && 'unzip is not installed' }, async () => {
    const krewRoot = freshRoot('zip-unzip');
    await installPlugin({ manifest, archivePath: darwinZip, os: 'darwin', arch: 'arm64', krewRoot, zipTool: 'unzip' });
    assert.equal(await kubectl(krewRoot, 'slices'), 'kubectl-slices from krew: \n');
  });

  test('a wrong sha256 fails the install with a one-line error and installs nothing', async () => {
    const krewRoot = freshRoot('bad-sha');
    const wrong = manifestFor('slices', [{ ...platformFor('slices', 'linux', 'amd64', linuxTar), sha256: sha256Of(darwinZip) }]);
    await assert.rejects(installPlugin({ manifest: wrong, archivePath: linuxTar, os: 'linux', arch: 'amd64', krewRoot }), (e: Error) => {
      assert.match(e.message, /^install failed: checksum does not match, want: [0-9a-f]{64}, got [0-9a-f]{64}$/);
      return true;
    });
    assert.ok(!existsSync(join(krewRoot, 'bin', 'kubectl-slices')));
    assert.ok(!existsSync(join(krewRoot, 'store', 'slices')));
    assert.ok(!existsSync(join(krewRoot, 'receipts', 'slices.yaml')));
  });

  test('installing it a second time is refused, as krew refuses an installed plugin', async () => {
    const krewRoot = freshRoot('twice');
    await installPlugin({ manifest, archivePath: linuxTar, os: 'linux', arch: 'amd64', krewRoot });
    await assert.rejects(installPlugin({ manifest, archivePath: linuxTar, os: 'linux', arch: 'amd64', krewRoot }), /^Error: can't install, the newest version is already installed$/);
  });

  test('a platform no selector matches is refused', async () => {
    await assert.rejects(
      installPlugin({ manifest, archivePath: linuxTar, os: 'linux', arch: 'arm64', krewRoot: freshRoot('none') }),
      /^Error: plugin "slices" does not offer installation for this platform \(linux\/arm64\)$/,
    );
  });

  test('an invalid manifest is refused before anything is unpacked', async () => {
    const invalid = manifestFor('slices', [{ ...platformFor('slices', 'linux', 'amd64', linuxTar), sha256: 'ABC' }]);
    await assert.rejects(
      installPlugin({ manifest: invalid, archivePath: linuxTar, os: 'linux', arch: 'amd64', krewRoot: freshRoot('invalid') }),
      /^Error: plugin manifest validation error: spec\.platforms\[0\]\.sha256: must be 64 lowercase hex digits/,
    );
  });

  test('the archive format is read from its content, not its name', async () => {
    const misnamed = join(work, 'kubectl-slices_linux_amd64.zip');
    writeFileSync(misnamed, readFileSync(linuxTar));
    const installed = await installPlugin({ manifest, archivePath: misnamed, os: 'linux', arch: 'amd64', krewRoot: freshRoot('sniff') });
    assert.ok(existsSync(installed.binPath));
  });
});

describe('plugin names with dashes', () => {
  test('slices-dev is linked as kubectl-slices_dev, which kubectl runs for `kubectl slices-dev`', async () => {
    const src = fakePlugin('slices-dev');
    const archive = tarGz(src, join(work, 'kubectl-slices-dev.tar.gz'), 'kubectl-slices-dev', 'LICENSE');
    const krewRoot = freshRoot('dashes');
    const installed = await installPlugin({ manifest: manifestFor('slices-dev', [platformFor('slices-dev', 'linux', 'amd64', archive)]), archivePath: archive, os: 'linux', arch: 'amd64', krewRoot });
    assert.equal(installed.linkPath, join(krewRoot, 'bin', 'kubectl-slices_dev'));
    assert.equal(await kubectl(krewRoot, 'slices-dev', 'list'), 'kubectl-slices-dev from krew: list\n');
  });

  test('on windows the link gets .exe', () => {
    assert.equal(pluginNameToBin('slices-dev', true), 'kubectl-slices_dev.exe');
  });
});

describe('archives krew refuses', () => {
  const manifestOver = (archive: string) => manifestFor('slices', [{ ...platformFor('slices', 'linux', 'amd64', archive), files: undefined }]);
  const install = (archive: string, krewRoot = freshRoot('refused')) =>
    installPlugin({ manifest: manifestOver(archive), archivePath: archive, os: 'linux', arch: 'amd64', krewRoot });

  test('a tar entry climbing out with ../ is refused, and nothing is installed', async () => {
    const archive = craftedTarGz(join(work, 'climb.tar.gz'), 'i = tarfile.TarInfo("../kubectl-slices")\ni.size = 1\nt.addfile(i, io.BytesIO(b"x"))');
    const krewRoot = freshRoot('climb');
    await assert.rejects(install(archive, krewRoot), /^Error: install failed: refusing to unpack archive with suspicious entry "\.\.\/kubectl-slices"$/);
    assert.ok(!existsSync(join(krewRoot, 'store', 'slices')));
    assert.ok(!existsSync(join(krewRoot, 'kubectl-slices')));
  });

  test('a zip holding a symlink is refused rather than unpacked differently from krew', async () => {
    const script = 'import sys, zipfile\ni = zipfile.ZipInfo("kubectl-slices")\ni.create_system = 3\ni.external_attr = 0o120777 << 16\nwith zipfile.ZipFile(sys.argv[1], "w") as z: z.writestr(i, "/bin/sh")\n';
    const archive = join(work, 'symlink.zip');
    execFileSync('python3', ['-c', script, archive]);
    await assert.rejects(install(archive), /^Error: install failed: zip entry "kubectl-slices" is not a file or folder$/);
  });

  test('a tar holding a symlink is refused, as krew unpacks only files and folders', async () => {
    const archive = craftedTarGz(join(work, 'symlink.tar.gz'), 'i = tarfile.TarInfo("kubectl-slices")\ni.type = tarfile.SYMTYPE\ni.linkname = "/bin/sh"\nt.addfile(i)');
    await assert.rejects(install(archive), /^Error: install failed: unable to handle file type 50 for "kubectl-slices" in tar$/);
  });

  test('a file that is neither gzip nor zip is refused', async () => {
    const archive = join(work, 'plain.txt');
    writeFileSync(archive, 'just text\n');
    await assert.rejects(install(archive), /^Error: install failed: archive is not a supported archive format/);
  });
});

describe('selectPlatform (matchPlatform)', () => {
  const base = { uri: 'https://example.com/a.tar.gz', sha256: '0'.repeat(64), bin: 'kubectl-slices' };
  const manifest = manifestFor('slices', [
    { ...base, selector: { matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }, { key: 'arch', operator: 'NotIn', values: ['arm64'] }] } },
    { ...base, selector: { matchLabels: { os: 'linux' } } },
    { ...base, selector: { matchExpressions: [{ key: 'os', operator: 'Exists' }] } },
  ]);
  const pick = (os: string, arch: string) => selectPlatform(manifest, os, arch)?.index;

  test('label selectors pick the platform: In, NotIn, Exists, and the first match wins', () => {
    assert.equal(pick('linux', 'amd64'), 0);
    assert.equal(pick('darwin', '386'), 0);
    assert.equal(pick('linux', 'arm64'), 1);
    assert.equal(pick('windows', 'amd64'), 2);
  });

  test('nothing is picked when no selector matches', () => {
    assert.equal(selectPlatform(manifestFor('slices', [{ ...base, selector: { matchLabels: { os: 'linux', arch: 'amd64' } } }]), 'darwin', 'amd64'), undefined);
  });
});

describe('applyFiles (move.go)', () => {
  /** An extracted archive laid out as `files` maps path to content. */
  function extracted(files: Record<string, string>): string {
    const dir = mkdtempSync(join(work, 'extracted-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }
  const installDir = () => join(mkdtempSync(join(work, 'store-')), 'slices', 'v0.1.0');

  test('without files, everything at the top level is installed, dot files included', async () => {
    const to = installDir();
    await applyFiles(extracted({ 'kubectl-slices': 'bin', '.config': 'c', 'docs/README': 'r' }), to, undefined);
    assert.deepEqual(['kubectl-slices', '.config', 'docs/README'].map((p) => readFileSync(join(to, p), 'utf8')), ['bin', 'c', 'r']);
  });

  test('a glob moves each match into `to` under its own name', async () => {
    const to = installDir();
    await applyFiles(extracted({ 'kubectl-slices-0.1.0/bin/kubectl-slices': 'bin', 'kubectl-slices-0.1.0/LICENSE': 'l' }), to, [
      { from: 'kubectl-slices-*/bin/*', to: 'bin' },
      { from: '*/LICENSE', to: '.' },
    ]);
    assert.equal(readFileSync(join(to, 'bin', 'kubectl-slices'), 'utf8'), 'bin');
    assert.equal(readFileSync(join(to, 'LICENSE'), 'utf8'), 'l');
  });

  test('a plain `from` with another `to` is renamed to it', async () => {
    const to = installDir();
    await applyFiles(extracted({ 'dist/kubectl-slices-linux-amd64': 'bin' }), to, [{ from: 'dist/kubectl-slices-linux-amd64', to: 'kubectl-slices' }]);
    assert.equal(readFileSync(join(to, 'kubectl-slices'), 'utf8'), 'bin');
  });

  test('an unclean `to` is refused, as krew refuses it', async () => {
    await assert.rejects(applyFiles(extracted({ a: 'a' }), installDir(), [{ from: 'a', to: './' }]), /^Error: files\[0\]: the provided path is not clean, "\.\/" should be "\."$/);
  });

  test('a `from` that climbs out of the archive is refused', async () => {
    const dir = extracted({ 'inner/a': 'a' });
    writeFileSync(join(dir, 'outside'), 'o');
    await assert.rejects(applyFiles(join(dir, 'inner'), installDir(), [{ from: '../outside', to: '.' }]), /^Error: files\[0\]: can't move, move target .* is out of bounds/);
  });

  test('a `to` that climbs out of the installation folder is refused', async () => {
    await assert.rejects(applyFiles(extracted({ a: 'a' }), installDir(), [{ from: 'a', to: '../a' }]), /^Error: files\[0\]: can't move, move target .* is out of bounds/);
  });

  test('a glob that matches nothing fails', async () => {
    await assert.rejects(applyFiles(extracted({ a: 'a' }), installDir(), [{ from: 'kubectl-*', to: '.' }]), /^Error: files\[0\]: no files in the plugin archive matched the glob pattern=kubectl-\*$/);
  });
});

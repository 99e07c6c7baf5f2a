/**
 * The committed krew-manifest.yaml (written by `npm run release`) and the pieces that write it:
 * krew's validation, one platform per archive, and archives krew can unpack.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { checkIntegrity } from '../../scripts/release/nodebinary.ts';
import { writeArchive } from '../../scripts/release/archive.ts';
import type { Plugin } from '../../scripts/release/krew/manifest.ts';
import { reviewManifest } from '../../scripts/release/krew/review.ts';
import { validateManifest } from '../../scripts/release/krew/validate.ts';
import { loadManifestYaml } from '../../scripts/release/krew/yaml.ts';
import { archiveFileName, renderManifest } from '../../scripts/release/manifest.ts';
import { PLATFORMS, platformName } from '../../scripts/release/platforms.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; homepage: string };
const committedText = readFileSync(join(root, 'krew-manifest.yaml'), 'utf8');
const committed = load(committedText) as Plugin;
const work = mkdtempSync(join(tmpdir(), 'slices-manifest-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('the committed krew-manifest.yaml', () => {
  // krew checks the name against the file name only in krew-index (validate-krew-manifest on
  // plugins/slices.yaml, where the manifest is submitted; `npm run release` writes that copy as
  // releases/<tag>/slices.yaml). `kubectl krew install --manifest=krew-manifest.yaml` validates
  // against the manifest's own name (internal/index/indexscanner/scanner.go ReadPluginFromFile:
  // ValidatePlugin(plugin.Name, plugin)), so the committed file name installs as it is.
  it("passes every rule of krew's validation under its krew-index name, plugins/slices.yaml", () => {
    assert.deepEqual(validateManifest('slices.yaml', loadManifestYaml(committedText, 'slices.yaml')), []);
  });

  it('passes the project rules beyond krew: at most 5 lines of caveats, 80 columns, a 50-character tagline', () => {
    assert.deepEqual(reviewManifest(loadManifestYaml(committedText, 'slices.yaml')), []);
    assert.ok((committed.spec.caveats ?? '').trimEnd().split('\n').length <= 5);
  });

  it('describes the version in package.json', () => {
    assert.equal(committed.spec.version, `v${pkg.version}`);
  });

  it('has one platform per shipped os/arch, each downloading its own archive from the release', () => {
    const platforms = committed.spec.platforms ?? [];
    assert.deepEqual(platforms.map((p) => `${p.selector?.matchLabels?.os}/${p.selector?.matchLabels?.arch}`), PLATFORMS.map(platformName));
    platforms.forEach((p, i) => {
      const want = PLATFORMS[i]!;
      assert.equal(p.uri, `${pkg.homepage}/releases/download/v${pkg.version}/${archiveFileName(`v${pkg.version}`, want)}`);
      assert.equal(p.bin, want.os === 'windows' ? 'kubectl-slices.exe' : 'kubectl-slices');
      assert.ok(p.files?.some((f) => f.from === 'LICENSE'), `${platformName(want)} installs the LICENSE`);
    });
  });
});

describe('renderManifest', () => {
  it('writes sha256 sums as strings, even one that YAML would read as a number', () => {
    const digits = '1'.repeat(64);
    const text = renderManifest({ tag: 'v1.2.3', homepage: 'https://example.com/s', downloadBase: 'https://example.com/d', archives: [{ platform: PLATFORMS[0]!, fileName: 'a.tar.gz', sha256: digits }] });
    const parsed = loadManifestYaml(text, 'slices.yaml');
    assert.equal((load(text) as Plugin).spec.platforms?.[0]?.sha256, digits);
    assert.deepEqual(validateManifest('slices.yaml', parsed), []);
    assert.deepEqual(reviewManifest(parsed), []);
  });
});

describe('archives', () => {
  const stage = join(work, 'stage');
  mkdirSync(join(stage, 'examples'), { recursive: true });
  writeFileSync(join(stage, 'kubectl-slices.exe'), 'MZ fake executable');
  writeFileSync(join(stage, 'LICENSE'), 'license text');
  writeFileSync(join(stage, 'examples', 'objects.yaml'), 'kind: List');
  const entries = [
    { path: 'kubectl-slices.exe', executable: true },
    { path: 'LICENSE', executable: false },
    { path: 'examples/objects.yaml', executable: false },
  ];
  const mtime = new Date('2026-01-01T00:00:00Z');

  it('a zip lists its files sorted, with Unix modes, and unpacks with python3 zipfile', async () => {
    const out = join(work, 'a.zip');
    await writeArchive({ format: 'zip', root: stage, entries, mtime, output: out });
    const listing = execFileSync('python3', ['-c', 'import sys, zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, oct(i.external_attr >> 16), i.date_time[0])', out], { encoding: 'utf8' });
    assert.equal(listing, 'LICENSE 0o100644 2026\nexamples/objects.yaml 0o100644 2026\nkubectl-slices.exe 0o100755 2026\n');
  });

  it('a tar.gz is reproducible: the same files give the same bytes, whatever the files on disk say', async () => {
    const first = join(work, 'a.tar.gz');
    const second = join(work, 'b.tar.gz');
    await writeArchive({ format: 'tar.gz', root: stage, entries, mtime, output: first });
    chmodSync(join(stage, 'LICENSE'), 0o600);
    await writeArchive({ format: 'tar.gz', root: stage, entries, mtime, output: second });
    assert.deepEqual(readFileSync(first), readFileSync(second));
    assert.match(execFileSync('tar', ['-tvzf', first], { encoding: 'utf8' }), /^-rwxr-xr-x 0\/0 .* 2026-01-01 .*kubectl-slices\.exe$/m);
  });

  it('a Node package whose integrity differs from the pinned one is refused', () => {
    const file = join(work, 'node.tgz');
    writeFileSync(file, 'not the package');
    assert.throws(() => checkIntegrity(file, PLATFORMS[0]!.integrity), /integrity sha512-.* does not match the pinned sha512-/);
  });
});

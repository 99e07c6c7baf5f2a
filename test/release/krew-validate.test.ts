/**
 * krew's manifest rules (scripts/release/krew/validate.ts), rule by rule: a good manifest passes,
 * what krew accepts passes, and each rule has the one change that breaks it, which must produce
 * exactly one violation naming the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dump } from 'js-yaml';
import type { Platform, Plugin } from '../../scripts/release/krew/manifest.ts';
import { validateManifest, validateManifestFile } from '../../scripts/release/krew/validate.ts';
import { assertOnly, goodManifest, platform, sha } from './krew-manifests.ts';

/** Violations of the good manifest after `change`, read from `fileName`. */
function violationsAfter(change: (m: Plugin) => void, fileName = 'slices.yaml'): string[] {
  const manifest = goodManifest();
  change(manifest);
  return validateManifest(fileName, manifest);
}

const first = (m: Plugin) => m.spec.platforms[0] as Platform;
/** A value of the wrong type, as a YAML file can hold. */
const wrongType = <T>(value: unknown) => value as T;

const work = mkdtempSync(join(tmpdir(), 'krew-validate-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Validates `text` written as `plugins/<fileName>`, as krew-index CI reads it. */
async function fileViolations(text: string, fileName = 'slices.yaml'): Promise<string[]> {
  writeFileSync(join(work, fileName), text);
  return validateManifestFile(join(work, fileName));
}

describe('what krew accepts passes', () => {
  test('the good manifest', () => {
    assert.deepEqual(validateManifest('slices.yaml', goodManifest()), []);
  });

  test('named by a path, with prerelease versions, caveats and matchExpressions', () => {
    const violations = violationsAfter((m) => {
      m.spec.version = 'v1.2.3-rc.1+build.5';
      m.spec.caveats = 'Needs read access to Services, EndpointSlices, Endpoints and Pods.\n';
      m.spec.platforms = [
        { ...platform('linux', 'amd64'), selector: { matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }] } },
        platform('windows', 'amd64'),
      ];
    }, 'plugins/slices.yaml');
    assert.deepEqual(violations, []);
  });

  test('files left out (krew then installs everything) and a bin written ./kubectl-slices', () => {
    assert.deepEqual(
      violationsAfter((m) => {
        delete first(m).files;
        first(m).bin = './kubectl-slices';
      }),
      [],
    );
  });

  // The three the issue names: krew-index holds each (test/release/krew-index/).
  test('an unquoted arch: 386, which YAML reads as a number and krew as the string "386"', async () => {
    const text = dump({ ...goodManifest() }).replace('arch: amd64', 'arch: 386');
    assert.match(text, /^ +arch: 386$/m);
    assert.deepEqual(await fileViolations(text), []);
  });

  test('a Windows bin without .exe (krew links it as kubectl-slices.exe all the same)', () => {
    assert.deepEqual(violationsAfter((m) => (m.spec.platforms[4] = { ...platform('windows', 'amd64'), bin: 'kubectl-slices.bat', files: [{ from: '*', to: '.' }] })), []);
  });

  test('no description at all', () => {
    assert.deepEqual(violationsAfter((m) => delete m.spec.description), []);
  });

  test('no limit on lengths: a 73-character shortDescription, a 550-character description line, long caveats', () => {
    const violations = violationsAfter((m) => {
      m.spec.shortDescription = 'x'.repeat(73);
      m.spec.description = 'y'.repeat(550);
      m.spec.caveats = 'c\n'.repeat(17);
    });
    assert.deepEqual(violations, []);
  });

  test('an http uri, an unknown field, and a bin no file operation names (krew checks those only by installing)', () => {
    const violations = violationsAfter((m) => {
      first(m).uri = 'http://example.com/a.tar.gz';
      Object.assign(m.spec, { caveat: 'singular by mistake' });
      first(m).bin = 'kubectl-slice';
    });
    assert.deepEqual(violations, []);
  });
});

describe('decoding as krew decodes (sigs.k8s.io/yaml over go-yaml v2, then encoding/json)', () => {
  test('field names match case-insensitively', async () => {
    const text = dump(goodManifest()).replace('shortDescription:', 'ShortDescription:').replace(/^ {2}version:/m, '  VERSION:');
    assert.deepEqual(await fileViolations(text), []);
  });

  test('YAML 1.1 words are booleans, and a boolean where a string belongs is its Go spelling', async () => {
    const text = dump(goodManifest()).replace(/shortDescription: .*/, 'shortDescription: yes');
    assert.deepEqual(await fileViolations(text), []);
    const octal = dump(goodManifest()).replace(/version: .*/, 'version: 0755');
    assertOnly(await fileViolations(octal), /^spec\.version: version string "493" not starting with 'v'$/);
  });

  test('an unquoted sha256 of digits only becomes a float, spelt as Go spells a float32: +Inf', async () => {
    const text = dump(goodManifest()).replace(/sha256: \S+/, `sha256: ${'1'.repeat(64)}`);
    assertOnly(await fileViolations(text), /^spec\.platforms\[0\]\.sha256: must be 64 lowercase hex digits \(\^\[a-f0-9\]\{64\}\$\), not "\+Inf"$/);
  });

  test('a value of the wrong shape fails the whole decode, one line per field', () => {
    assertOnly(violationsAfter((m) => (m.spec.platforms = wrongType('linux'))), /^spec\.platforms: must be a list, not the string "linux"$/);
    assertOnly(violationsAfter((m) => (first(m).bin = wrongType({ path: 'x' }))), /^spec\.platforms\[0\]\.bin: must be a string, not a mapping$/);
  });

  test('null files are krew\'s default, an empty list is refused', () => {
    assert.deepEqual(violationsAfter((m) => (first(m).files = wrongType(null))), []);
    assertOnly(violationsAfter((m) => (first(m).files = [])), /^spec\.platforms\[0\]\.files: has to be unspecified or non-empty$/);
  });

  test('a YAML syntax error is one violation', async () => {
    assertOnly(await fileViolations('apiVersion: [unclosed\n'), /^slices\.yaml: not valid YAML: /);
  });
});

describe('name and file name (validation.ValidatePlugin, validate-krew-manifest)', () => {
  test('manifest file named krew.yaml for plugin slices is rejected', () => {
    assertOnly(violationsAfter(() => {}, 'krew.yaml'), /^metadata\.name: plugin should be named "krew" \(its file name\), not "slices"$/);
  });

  test('a manifest file ending in .yml is rejected', () => {
    assertOnly(violationsAfter(() => {}, 'slices.yml'), /^file name: expected manifest extension "\.yaml" but found "\.yml"$/);
  });

  test('a plugin name with a dot is rejected', () => {
    assertOnly(violationsAfter((m) => (m.metadata.name = 'sli.ces'), 'sli.ces.yaml'), /^metadata\.name: the plugin name "sli\.ces" is not allowed, must match/);
  });

  test('a Windows device name such as nul is rejected, in any case', () => {
    assertOnly(violationsAfter((m) => (m.metadata.name = 'Nul'), 'Nul.yaml'), /^metadata\.name: the plugin name "Nul" is not allowed/);
  });
});

describe('type meta (validation.isSupportedAPIVersion, PluginKind)', () => {
  test('apiVersion v1alpha1 is rejected', () => {
    const violations = violationsAfter((m) => (m.apiVersion = wrongType('krew.googlecontainertools.github.com/v1alpha1')));
    assertOnly(violations, /^apiVersion: must be "krew\.googlecontainertools\.github\.com\/v1alpha2", not ".*v1alpha1"$/);
  });

  test('a kind other than Plugin is rejected', () => {
    assertOnly(violationsAfter((m) => (m.kind = wrongType('Plugins'))), /^kind: must be "Plugin", not "Plugins"$/);
  });
});

describe('shortDescription', () => {
  test('a missing shortDescription is rejected', () => {
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = '')), /^spec\.shortDescription: should have a short description$/);
  });

  test('a shortDescription ending in a line break (YAML |) is rejected', () => {
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = 'Explain Services\n')), /^spec\.shortDescription: should not have line breaks$/);
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = 'Explain\rServices')), /line breaks/);
  });
});

describe('version (semver.Parse)', () => {
  const versionViolations = (version: unknown) => violationsAfter((m) => (m.spec.version = wrongType(version)));

  test('a missing version is rejected', () => {
    assertOnly(versionViolations(''), /^spec\.version: should have a version specified$/);
  });

  test('a version without its leading v is rejected', () => {
    assertOnly(versionViolations('0.1.0'), /^spec\.version: version string "0\.1\.0" not starting with 'v'$/);
  });

  test('a version with two components, or a leading zero, is rejected', () => {
    assertOnly(versionViolations('v0.1'), /^spec\.version: illegal version string "v0\.1"$/);
    assertOnly(versionViolations('v01.2.3'), /^spec\.version: illegal version component "01"/);
    assertOnly(versionViolations('v1.2.3-01'), /zero-prefixed/);
  });

  test('a version with trailing whitespace passes, as krew parses it', () => {
    assert.deepEqual(versionViolations('v0.1.0 '), []);
  });
});

describe('platforms (validation.validatePlatform, validateFiles)', () => {
  test('a manifest without platforms is rejected', () => {
    assertOnly(violationsAfter((m) => (m.spec.platforms = [])), /^spec\.platforms: should have a platform specified$/);
  });

  test('a platform without uri is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).uri = '')), /^spec\.platforms\[0\]\.uri: has to be set$/);
  });

  test('a platform without sha256 is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).sha256 = '')), /^spec\.platforms\[0\]\.sha256: has to be set$/);
  });

  test('an uppercase sha256 is rejected', () => {
    const violations = violationsAfter((m) => (m.spec.platforms[2] = { ...platform('darwin', 'amd64'), sha256: sha('x').toUpperCase() }));
    assertOnly(violations, /^spec\.platforms\[2\]\.sha256: must be 64 lowercase hex digits/);
  });

  test('a sha256 of 63 digits is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).sha256 = sha('x').slice(1))), /^spec\.platforms\[0\]\.sha256: must be 64 lowercase hex digits/);
  });

  test('a platform without bin is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).bin = '')), /^spec\.platforms\[0\]\.bin: has to be set$/);
  });

  test('a file operation without from, or without to, is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).files = [{ from: '', to: '.' }])), /^spec\.platforms\[0\]\.files\[0\]\.from: has to be set$/);
    assertOnly(violationsAfter((m) => (first(m).files = [{ from: 'kubectl-slices', to: '' }])), /^spec\.platforms\[0\]\.files\[0\]\.to: has to be set$/);
  });
});

describe('file operations krew refuses whatever the archive holds (installation/move.go findMoveTargets)', () => {
  const filesViolations = (files: Platform['files']) => violationsAfter((m) => (first(m).files = files));

  test('an unclean to such as ./ is rejected', () => {
    assertOnly(filesViolations([{ from: 'kubectl-slices', to: './' }]), /^spec\.platforms\[0\]\.files\[0\]\.to: "\.\/" is not a clean path, krew refuses it \(write "\."\)$/);
  });

  test('a to leaving the installation folder is rejected', () => {
    assertOnly(filesViolations([{ from: 'kubectl-slices', to: '../bin' }]), /^spec\.platforms\[0\]\.files\[0\]\.to: "\.\.\/bin" leaves the installation folder, krew refuses it$/);
  });

  test('a from leaving the unpacked archive is rejected; an absolute one is read inside it', () => {
    assertOnly(filesViolations([{ from: '../kubectl-slices', to: '.' }]), /^spec\.platforms\[0\]\.files\[0\]\.from: "\.\.\/kubectl-slices" leaves the unpacked archive, krew refuses it$/);
    assert.deepEqual(filesViolations([{ from: '/kubectl-slices', to: '.' }]), []);
  });

  test('a malformed glob in from is rejected', () => {
    assertOnly(filesViolations([{ from: 'kubectl-[slices', to: '.' }]), /^spec\.platforms\[0\]\.files\[0\]\.from: syntax error in pattern/);
  });
});

describe('selectors (validation.validateSelector, validate-krew-manifest)', () => {
  test('a platform without selector is rejected', () => {
    assertOnly(violationsAfter((m) => delete first(m).selector), /^spec\.platforms\[0\]\.selector: has to be set/);
  });

  test('an empty selector is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).selector = {})), /^spec\.platforms\[0\]\.selector: empty selector is not supported$/);
  });

  test('an empty matchLabels next to matchExpressions is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: {}, matchExpressions: [{ key: 'os', operator: 'In', values: ['linux'] }] }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector\.matchLabels: specified but empty$/);
  });

  test('an empty matchExpressions next to matchLabels is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: { os: 'linux', arch: 'amd64' }, matchExpressions: [] }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector\.matchExpressions: specified but empty$/);
  });

  test('a selector on `distro` is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: { os: 'linux', arch: 'amd64', distro: 'ubuntu' } }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector: key "distro" not supported \(only os and arch\)$/);
  });

  test('an operator label selectors do not have matches no platform', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchExpressions: [{ key: 'os', operator: wrongType('Equals'), values: ['linux'] }] }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector: "Equals" is not a valid pod selector operator, so it matches no platform$/);
  });

  test('a selector matching no os/arch krew supports is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: { os: 'freebsd', arch: 'amd64' } }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector: matches no os\/arch krew is distributed for \(windows\/386, .*darwin\/arm64\)$/);
  });

  test('two platforms both matching linux/amd64 overlap', () => {
    const violations = violationsAfter((m) => (m.spec.platforms[1] = platform('linux', 'amd64')));
    assertOnly(violations, /^spec\.platforms: selectors of \[0, 1\] overlap, each selects linux\/amd64$/);
  });

  test('an os-only selector next to per-arch ones overlaps each of them', () => {
    const violations = violationsAfter((m) => m.spec.platforms.push({ ...platform('linux', 'arm64'), selector: { matchLabels: { os: 'linux' } } }));
    assert.deepEqual(violations, [
      'spec.platforms: selectors of [0, 5] overlap, each selects linux/amd64',
      'spec.platforms: selectors of [1, 5] overlap, each selects linux/arm64',
    ]);
  });
});

describe('everything together', () => {
  test('every violation is reported, one line each', () => {
    const violations = violationsAfter((m) => {
      m.spec.version = '0.1.0';
      first(m).sha256 = sha('x').toUpperCase();
      m.spec.platforms[1] = platform('linux', 'amd64');
    });
    assert.equal(violations.length, 3, violations.join('\n'));
    assert.ok(violations.every((v) => /^[\w.[\]]+: \S/.test(v) && !v.includes('\n')), violations.join('\n'));
  });

  test('a file is validated under its base name', async () => {
    assert.deepEqual(await fileViolations(dump(goodManifest())), []);
    assertOnly(await fileViolations(dump(goodManifest()), 'krew-manifest.yaml'), /^metadata\.name: plugin should be named "krew-manifest"/);
  });
});

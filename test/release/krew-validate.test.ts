/**
 * krew's manifest rules, rule by rule: a good manifest passes, and each rule has the one change
 * that breaks it, which must produce exactly one violation naming the field.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dump } from 'js-yaml';
import type { Platform, Plugin } from '../../scripts/release/krew/manifest.ts';
import { validateManifest, validateManifestFile, validatePlugin } from '../../scripts/release/krew/validate.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function platform(os: string, arch: string): Platform {
  const exe = os === 'windows' ? '.exe' : '';
  const archive = os === 'windows' ? 'zip' : 'tar.gz';
  return {
    selector: { matchLabels: { os, arch } },
    uri: `https://github.com/example/kubectl-slices/releases/download/v0.1.0/kubectl-slices_${os}_${arch}.${archive}`,
    sha256: sha(`${os}/${arch}`),
    bin: `kubectl-slices${exe}`,
    files: [
      { from: `kubectl-slices${exe}`, to: '.' },
      { from: 'LICENSE', to: '.' },
    ],
  };
}

/** The manifest the release ships, in shape: five platforms, one archive each. */
function goodManifest(): Plugin {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'slices' },
    spec: {
      version: 'v0.1.0',
      homepage: 'https://github.com/example/kubectl-slices',
      shortDescription: 'Explain which pods a Service sends traffic to',
      description: 'Joins a Service, its EndpointSlices, its Endpoints, its Pods and the\nkube-proxy rules of each node, and explains pod by pod why not.\n',
      platforms: [platform('linux', 'amd64'), platform('linux', 'arm64'), platform('darwin', 'amd64'), platform('darwin', 'arm64'), platform('windows', 'amd64')],
    },
  };
}

/** Violations of the good manifest after `change`, read from `fileName`. */
function violationsAfter(change: (m: Plugin) => void, fileName = 'slices.yaml'): string[] {
  const manifest = goodManifest();
  change(manifest);
  return validateManifest(fileName, manifest);
}

/** Exactly one violation, one line, matching `expected`. */
function assertOnly(violations: string[], expected: RegExp): void {
  assert.equal(violations.length, 1, `expected one violation, got:\n${violations.join('\n')}`);
  assert.match(violations[0] as string, expected);
  assert.doesNotMatch(violations[0] as string, /\n/);
}

const first = (m: Plugin) => m.spec.platforms[0] as Platform;
/** A value of the wrong type, as a YAML file can hold. */
const wrongType = <T>(value: unknown) => value as T;

describe('a good manifest', () => {
  test('passes every rule', () => {
    assert.deepEqual(validateManifest('slices.yaml', goodManifest()), []);
  });

  test('passes when named by a path, with prerelease versions, caveats and matchExpressions', () => {
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

  test('passes with files left out (krew then installs everything) and a bin written ./kubectl-slices', () => {
    assert.deepEqual(
      violationsAfter((m) => {
        delete first(m).files;
        first(m).bin = './kubectl-slices';
      }),
      [],
    );
  });
});

describe('name and file name (validation.ValidatePlugin, validate-krew-manifest)', () => {
  test('manifest file named krew.yaml for plugin slices is rejected', () => {
    assertOnly(violationsAfter(() => {}, 'krew.yaml'), /^metadata\.name: plugin should be named "krew" \(its file name\), not "slices"$/);
  });

  test('a manifest file ending in .yml is rejected', () => {
    assertOnly(violationsAfter(() => {}, 'slices.yml'), /^file name: expected manifest extension "\.yaml" but found "\.yml"$/);
  });

  test('a plugin name with a dot or a slash is rejected', () => {
    const violations = violationsAfter((m) => (m.metadata.name = 'sli.ces'), 'sli.ces.yaml');
    assertOnly(violations, /^metadata\.name: the plugin name "sli\.ces" is not allowed, must match/);
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

  test('a shortDescription of 51 characters is rejected, 50 pass', () => {
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = 'x'.repeat(51))), /^spec\.shortDescription: is 51 characters, at most 50$/);
    assert.deepEqual(violationsAfter((m) => (m.spec.shortDescription = 'é'.repeat(50))), []);
  });

  test('a shortDescription ending in a line break (YAML |) is rejected', () => {
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = 'Explain Services\n')), /^spec\.shortDescription: should not have line breaks$/);
    assertOnly(violationsAfter((m) => (m.spec.shortDescription = 'Explain\rServices')), /line breaks/);
  });
});

describe('description and caveats', () => {
  test('a missing description is rejected (krew docs mark it required)', () => {
    assertOnly(violationsAfter((m) => delete m.spec.description), /^spec\.description: is required$/);
  });

  test('a description line of 81 characters is rejected, 80 pass', () => {
    const violations = violationsAfter((m) => (m.spec.description = `short line\n${'y'.repeat(81)}\n`));
    assertOnly(violations, /^spec\.description: line 2 is 81 characters, at most 80$/);
    assert.deepEqual(violationsAfter((m) => (m.spec.description = `${'y'.repeat(80)}\n`)), []);
  });

  test('a caveats line of 81 characters is rejected, even a URL without spaces', () => {
    const url = `https://example.com/${'p'.repeat(61)}`;
    assertOnly(violationsAfter((m) => (m.spec.caveats = `See\n${url}\n`)), /^spec\.caveats: line 2 is 81 characters, at most 80$/);
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

  test('a version with trailing whitespace, which krew tolerates, is rejected', () => {
    assertOnly(versionViolations('v0.1.0 '), /^spec\.version: "v0\.1\.0 " has surrounding whitespace$/);
  });

  test('a version YAML reads as a number is rejected', () => {
    assertOnly(versionViolations(1.5), /^spec\.version: must be a string, not 1\.5 \(quote it in YAML\)$/);
  });
});

describe('platforms (validation.validatePlatform)', () => {
  test('a manifest without platforms is rejected', () => {
    assertOnly(violationsAfter((m) => (m.spec.platforms = [])), /^spec\.platforms: should have a platform specified$/);
  });

  test('a platform without uri is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).uri = '')), /^spec\.platforms\[0\]\.uri: has to be set$/);
  });

  test('an http uri is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).uri = 'http://example.com/a.tar.gz')), /^spec\.platforms\[0\]\.uri: must be an https URL$/);
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
});

describe('files and bin', () => {
  test('an empty files list is rejected (leave it out instead)', () => {
    const violations = violationsAfter((m) => (first(m).files = []));
    assert.match(violations[0] as string, /^spec\.platforms\[0\]\.files: has to be unspecified or non-empty$/);
  });

  test('a file operation without to is rejected', () => {
    const violations = violationsAfter((m) => (first(m).files = [{ from: 'kubectl-slices', to: '' }]));
    assert.match(violations[0] as string, /^spec\.platforms\[0\]\.files\[0\]\.to: has to be set$/);
  });

  test('an unclean to such as ./ is rejected, as krew refuses it when installing', () => {
    const violations = violationsAfter((m) => (first(m).files = [{ from: 'kubectl-slices', to: './' }]));
    assertOnly(violations, /^spec\.platforms\[0\]\.files\[0\]\.to: "\.\/" is not a clean path, krew refuses it \(write "\."\)$/);
  });

  test('a malformed glob in from is rejected', () => {
    const violations = violationsAfter((m) => (first(m).files = [{ from: 'kubectl-[slices', to: '.' }]));
    assert.match(violations[0] as string, /^spec\.platforms\[0\]\.files\[0\]\.from: syntax error in pattern/);
  });

  test('a bin no file operation installs is rejected', () => {
    const violations = violationsAfter((m) => (first(m).bin = 'kubectl-slice'));
    assertOnly(violations, /^spec\.platforms\[0\]\.bin: "kubectl-slice" is not among the files the file operations install$/);
  });

  test('a bin installed by a glob into a folder is accepted', () => {
    const violations = violationsAfter((m) => {
      first(m).files = [{ from: 'kubectl-slices-*/bin/kubectl-*', to: 'bin' }, { from: 'LICENSE', to: '.' }];
      first(m).bin = 'bin/kubectl-slices';
    });
    assert.deepEqual(violations, []);
  });

  test('a bin outside the installation folder is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).bin = '../kubectl-slices')), /^spec\.platforms\[0\]\.bin: "\.\.\/kubectl-slices" leaves the installation folder$/);
  });

  test('a windows bin that is not an .exe is rejected', () => {
    const violations = violationsAfter((m) => (m.spec.platforms[4] = { ...platform('windows', 'amd64'), bin: 'kubectl-slices.bat', files: [{ from: '*', to: '.' }] }));
    assertOnly(violations, /^spec\.platforms\[4\]\.bin: must end in \.exe on windows/);
  });
});

describe('selectors (validation.validateSelector, validate-krew-manifest)', () => {
  test('a platform without selector is rejected', () => {
    assertOnly(violationsAfter((m) => delete wrongType<Partial<Platform>>(first(m)).selector), /^spec\.platforms\[0\]\.selector: has to be set/);
  });

  test('an empty selector is rejected', () => {
    assertOnly(violationsAfter((m) => (first(m).selector = {})), /^spec\.platforms\[0\]\.selector: empty selector is not supported$/);
  });

  test('an empty matchLabels next to matchExpressions is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: {}, matchExpressions: [{ key: 'os', operator: 'In', values: ['freebsd'] }] }));
    assert.match(violations[0] as string, /^spec\.platforms\[0\]\.selector\.matchLabels: specified but empty$/);
  });

  test('a selector on `distro` is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchLabels: { os: 'linux', arch: 'amd64', distro: 'ubuntu' } }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector: key "distro" not supported \(only os and arch\)$/);
  });

  test('an operator label selectors do not have is rejected', () => {
    const violations = violationsAfter((m) => (first(m).selector = { matchExpressions: [{ key: 'os', operator: wrongType('Equals'), values: ['linux'] }] }));
    assertOnly(violations, /^spec\.platforms\[0\]\.selector: "Equals" is not a valid pod selector operator$/);
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
  test('an unknown field, which krew would silently drop, is rejected', () => {
    const violations = violationsAfter((m) => Object.assign(m.spec, { caveat: 'singular by mistake' }));
    assertOnly(violations, /^spec\.caveat: unknown field \(krew would ignore it\)$/);
  });

  test('every violation is reported, one line each', () => {
    const violations = violationsAfter((m) => {
      m.spec.version = '0.1.0';
      first(m).sha256 = sha('x').toUpperCase();
      m.spec.platforms[1] = platform('linux', 'amd64');
    });
    assert.equal(violations.length, 3, violations.join('\n'));
    assert.ok(violations.every((v) => /^[\w.[\]]+: \S/.test(v) && !v.includes('\n')), violations.join('\n'));
  });

  test('krew install checks only the structural rules, under the manifest own name', () => {
    const manifest = goodManifest();
    manifest.spec.shortDescription = 'x'.repeat(60);
    assert.deepEqual(validatePlugin('slices', manifest), []);
    assert.match(validatePlugin('slices', 'not a mapping')[0] as string, /^manifest: must be a YAML mapping/);
  });
});

describe('validateManifestFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'krew-validate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the YAML file and validates it under its base name', async () => {
    writeFileSync(join(dir, 'slices.yaml'), dump(goodManifest()));
    assert.deepEqual(await validateManifestFile(join(dir, 'slices.yaml')), []);
    writeFileSync(join(dir, 'krew-manifest.yaml'), dump(goodManifest()));
    assertOnly(await validateManifestFile(join(dir, 'krew-manifest.yaml')), /^metadata\.name: plugin should be named "krew-manifest"/);
  });

  test('an unquoted sha256 of digits only, which YAML reads as a number, is rejected', async () => {
    const text = dump(goodManifest()).replace(/sha256: \S+/, `sha256: ${'1'.repeat(64)}`);
    writeFileSync(join(dir, 'slices.yaml'), text);
    assertOnly(await validateManifestFile(join(dir, 'slices.yaml')), /^spec\.platforms\[0\]\.sha256: must be a string, not 1\.1+2e\+63 \(quote it in YAML\)$/);
  });

  test('a YAML syntax error is one violation', async () => {
    writeFileSync(join(dir, 'slices.yaml'), 'apiVersion: [unclosed\n');
    assertOnly(await validateManifestFile(join(dir, 'slices.yaml')), /^slices\.yaml: not valid YAML: /);
  });
});

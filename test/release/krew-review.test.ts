/**
 * What the project holds its own krew manifest to beyond krew (scripts/release/krew/review.ts):
 * each rule has the one change that breaks it, which must produce exactly one violation, and
 * krew itself accepts every one of those changes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Platform, Plugin } from '../../scripts/release/krew/manifest.ts';
import { CAVEATS_MAX_LINES, reviewManifest } from '../../scripts/release/krew/review.ts';
import { validateManifest } from '../../scripts/release/krew/validate.ts';
import { assertOnly, goodManifest, platform } from './krew-manifests.ts';

const first = (m: Plugin) => m.spec.platforms[0] as Platform;

/** Review findings after `change`, which krew must still accept. */
function findingsAfter(change: (m: Plugin) => void): string[] {
  const manifest = goodManifest();
  change(manifest);
  assert.deepEqual(validateManifest('slices.yaml', manifest), [], 'krew accepts it');
  return reviewManifest(manifest);
}

describe('the project manifest rules beyond krew', () => {
  test('the good manifest passes', () => {
    assert.deepEqual(reviewManifest(goodManifest()), []);
  });

  test(`caveats of ${CAVEATS_MAX_LINES + 1} lines are refused, ${CAVEATS_MAX_LINES} pass`, () => {
    assertOnly(findingsAfter((m) => (m.spec.caveats = 'line\n'.repeat(6))), /^spec\.caveats: is 6 lines, at most 5 \(put the rest in the README\)$/);
    assert.deepEqual(findingsAfter((m) => (m.spec.caveats = 'line\n'.repeat(5))), []);
  });

  test('a shortDescription of 51 characters is refused, 50 pass', () => {
    assertOnly(findingsAfter((m) => (m.spec.shortDescription = 'x'.repeat(51))), /^spec\.shortDescription: is 51 characters, at most 50$/);
    assert.deepEqual(findingsAfter((m) => (m.spec.shortDescription = 'é'.repeat(50))), []);
  });

  test('a missing description is refused (krew docs mark it required, krew does not check it)', () => {
    assertOnly(findingsAfter((m) => delete m.spec.description), /^spec\.description: is required$/);
  });

  test('a description line of 81 characters is refused, 80 pass', () => {
    assertOnly(findingsAfter((m) => (m.spec.description = `short line\n${'y'.repeat(81)}\n`)), /^spec\.description: line 2 is 81 characters, at most 80$/);
    assert.deepEqual(findingsAfter((m) => (m.spec.description = `${'y'.repeat(80)}\n`)), []);
  });

  test('a caveats line of 81 characters is refused, even a URL without spaces', () => {
    const url = `https://example.com/${'p'.repeat(61)}`;
    assertOnly(findingsAfter((m) => (m.spec.caveats = `See\n${url}\n`)), /^spec\.caveats: line 2 is 81 characters, at most 80$/);
  });

  test('a version with trailing whitespace is refused', () => {
    assertOnly(findingsAfter((m) => (m.spec.version = 'v0.1.0 ')), /^spec\.version: "v0\.1\.0 " has surrounding whitespace$/);
  });

  test('an http uri is refused', () => {
    assertOnly(findingsAfter((m) => (first(m).uri = 'http://example.com/a.tar.gz')), /^spec\.platforms\[0\]\.uri: must be an https URL$/);
  });

  test('an unknown field, which krew would silently drop, is refused', () => {
    assertOnly(findingsAfter((m) => Object.assign(m.spec, { caveat: 'singular by mistake' })), /^spec\.caveat: unknown field \(krew would ignore it\)$/);
  });

  test('a bin outside the installation folder is refused (krew would install it without a link)', () => {
    assertOnly(findingsAfter((m) => (first(m).bin = '../kubectl-slices')), /^spec\.platforms\[0\]\.bin: "\.\.\/kubectl-slices" leaves the installation folder$/);
  });

  test('a bin no file operation installs is refused; one a glob installs into a folder passes', () => {
    assertOnly(findingsAfter((m) => (first(m).bin = 'kubectl-slice')), /^spec\.platforms\[0\]\.bin: "kubectl-slice" is not among the files the file operations install$/);
    const globbed = findingsAfter((m) => {
      first(m).files = [{ from: 'kubectl-slices-*/bin/kubectl-*', to: 'bin' }, { from: 'LICENSE', to: '.' }];
      first(m).bin = 'bin/kubectl-slices';
    });
    assert.deepEqual(globbed, []);
  });

  test('a windows bin that is not an .exe is refused', () => {
    const findings = findingsAfter((m) => (m.spec.platforms[4] = { ...platform('windows', 'amd64'), bin: 'kubectl-slices.bat', files: [{ from: '*', to: '.' }] }));
    assertOnly(findings, /^spec\.platforms\[4\]\.bin: must end in \.exe on windows$/);
  });
});

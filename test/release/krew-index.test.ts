/**
 * krew-index's own manifests (test/release/krew-index/, see its README): krew accepts every one
 * of them, so our validator must too. The project's stricter review rules are not krew's, and
 * krew-index breaks them freely.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { reviewManifest } from '../../scripts/release/krew/review.ts';
import { validateManifestFile } from '../../scripts/release/krew/validate.ts';
import { decodePlugin } from '../../scripts/release/krew/decode.ts';
import { loadManifestYaml } from '../../scripts/release/krew/yaml.ts';

const dir = fileURLToPath(new URL('krew-index/plugins/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const read = (file: string) => loadManifestYaml(readFileSync(join(dir, file), 'utf8'), file);
const plugins = files.map((file) => ({ file, parsed: read(file), plugin: decodePlugin(read(file)).plugin }));

describe("krew-index's own plugin manifests", () => {
  for (const file of files) {
    it(`${file}: accepted, as krew accepts it`, async () => {
      assert.deepEqual(await validateManifestFile(join(dir, file)), []);
    });
  }

  it('cover what the issue names: a Windows bin without .exe, an unquoted 386, no description', () => {
    const windowsBins = plugins.flatMap(({ plugin }) => plugin.spec.platforms.filter((p) => JSON.stringify(p.selector).includes('windows') && !p.bin.endsWith('.exe')));
    assert.ok(windowsBins.length >= 5, `${windowsBins.length} Windows platforms without .exe`);
    const unquoted386 = files.filter((f) => /^\s+arch: 386$/m.test(readFileSync(join(dir, f), 'utf8')));
    assert.ok(unquoted386.length >= 5, unquoted386.join(', '));
    const arches = plugins.filter(({ file }) => unquoted386.includes(file)).flatMap(({ plugin }) => plugin.spec.platforms.map((p) => p.selector?.matchLabels?.arch));
    assert.ok(arches.includes('386'), 'decoded as the string "386", as sigs.k8s.io/yaml does for a string field');
    assert.ok(plugins.filter(({ plugin }) => (plugin.spec.description ?? '') === '').length >= 5);
  });

  it('break the project review rules, which are not krew rules', () => {
    const broken = plugins.filter(({ parsed }) => reviewManifest(parsed).length > 0).map(({ file }) => file);
    assert.ok(broken.includes('krew.yaml') && broken.includes('eksporter.yaml'), broken.join(', '));
  });
});

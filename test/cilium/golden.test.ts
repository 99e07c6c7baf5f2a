/**
 * Golden Cilium dumps, transcribed from real outputs (dumps/README.md cites each; the one
 * synthetic file says so in its name): every dump decodes to its reviewed expected document, and
 * decoding with a frontend filter reads the same entries as decoding everything and picking them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCilium } from '../../src/cilium/decode.ts';
import { dumpNames, goldenTests, readDump } from '../dataplane/golden.ts';

const DUMPS = new URL('./dumps/', import.meta.url);

goldenTests(DUMPS, (text, name) => decodeCilium(text, { node: name, source: name }));

for (const file of dumpNames(DUMPS)) {
  test(`golden dump ${file}: decoding one frontend reads the same as decoding all and picking it`, () => {
    const text = readDump(DUMPS, file);
    const whole = decodeCilium(text, { node: 'n', source: file });
    for (const entry of whole.services) {
      const frontend = entry.frontends[0];
      assert.ok(frontend);
      const query = { ip: frontend.ip, port: frontend.port };
      const alone = decodeCilium(text, { node: 'n', source: file, frontends: [query] });
      const expected = whole.services.filter((other) => other.frontends.some((f) => f.ip === query.ip && f.port === query.port));
      assert.deepEqual(alone.services, expected, `${frontend.ip}:${frontend.port}`);
      assert.equal(alone.completeness, whole.completeness);
    }
  });
}

/**
 * Golden ipvsadm dumps, transcribed from real outputs (dumps/README.md cites each): every dump
 * decodes to its reviewed expected document, and decoding with a frontend filter reads the same
 * entries as decoding everything and picking them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeIpvsadm } from '../../../src/kubeproxy/ipvs/decode.ts';
import { dumpNames, goldenTests, readDump } from '../../dataplane/golden.ts';

const DUMPS = new URL('./dumps/', import.meta.url);

goldenTests(DUMPS, (text, name) => decodeIpvsadm(text, { node: name, source: `${name}.txt` }));

for (const file of dumpNames(DUMPS)) {
  test(`golden dump ${file}: decoding one frontend reads the same as decoding all and picking it`, () => {
    const text = readDump(DUMPS, file);
    const whole = decodeIpvsadm(text, { node: 'n', source: file });
    for (const entry of whole.services) {
      const frontend = entry.frontends[0];
      assert.ok(frontend);
      const alone = decodeIpvsadm(text, { node: 'n', source: file, frontends: [{ ip: frontend.ip, port: frontend.port }] });
      const expected = whole.services.filter((other) => other.frontends.some((f) => f.ip === frontend.ip && f.port === frontend.port));
      assert.deepEqual(alone.services, expected, `${frontend.ip}:${frontend.port}`);
      assert.equal(alone.completeness, whole.completeness);
    }
  });
}

/**
 * Golden dumps, one per kube-proxy layout: each `dumps/NAME.txt` decodes to `dumps/NAME.expected.json`
 * (the `rules -o json` document). UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeIptablesSave } from '../../src/kubeproxy/iptables/decode.ts';
import { rulesDocument } from '../../src/kubeproxy/rulesDocument.ts';

const DUMPS = new URL('./dumps/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

const names = readdirSync(DUMPS)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .sort();

function decodeFixture(name: string, service?: string) {
  const text = readFileSync(new URL(`${name}.txt`, DUMPS), 'utf8');
  return decodeIptablesSave(text, { node: name, source: `${name}.txt`, ...(service ? { service } : {}) });
}

for (const name of names) {
  test(`golden dump ${name}.txt decodes to ${name}.expected.json`, () => {
    const actual = rulesDocument(decodeFixture(name));
    const expectedFile = new URL(`${name}.expected.json`, DUMPS);
    if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
  });

  test(`golden dump ${name}.txt: decoding one service reads the same as decoding all and picking it`, () => {
    const whole = decodeFixture(name);
    for (const service of new Set(whole.services.flatMap((port) => port.service ?? []))) {
      const alone = decodeFixture(name, service);
      assert.deepEqual(alone.services, whole.services.filter((port) => port.service === service), service);
      assert.deepEqual(alone.orphanEndpoints, whole.orphanEndpoints.filter((orphan) => orphan.service === service), service);
      assert.equal(alone.completeness, whole.completeness);
    }
    // Whether the dump shows routing at all does not depend on the service asked for, found or not.
    for (const service of [...new Set(whole.services.flatMap((port) => port.service ?? []))].slice(0, 3).concat('default/not-in-this-dump')) {
      assert.deepEqual(decodeFixture(name, service).routing, whole.routing, service);
    }
  });
}

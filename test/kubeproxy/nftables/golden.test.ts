/**
 * Golden dumps, one per kube-proxy nftables layout and form (see dumps/README.md for where each
 * comes from): each `dumps/NAME.nft` decodes to `dumps/NAME.expected.json`. UPDATE_GOLDEN=1
 * rewrites the expected files; review the diff.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeDump, dumpNames, DUMPS, reviewable } from './fixtures.ts';

const update = process.env.UPDATE_GOLDEN === '1';

describe('nftables golden dumps', () => {
  for (const name of dumpNames) {
    it(`${name}.nft decodes to ${name}.expected.json`, () => {
      const actual = reviewable(decodeDump(name));
      const expectedFile = new URL(`${name}.expected.json`, DUMPS);
      if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
    });

    it(`${name}.nft: reading one service in chunks finds what the whole read finds for it`, () => {
      const whole = decodeDump(name);
      for (const service of new Set(whole.services.map((port) => port.service ?? ''))) {
        const alone = decodeDump(name, service);
        assert.deepEqual(alone.services, whole.services.filter((port) => port.service === service), service);
        assert.deepEqual(alone.orphanEndpoints, whole.orphanEndpoints.filter((orphan) => orphan.service === service), service);
        assert.equal(alone.completeness, whole.completeness, service);
        assert.deepEqual(alone.routing, whole.routing, service);
      }
    });
  }
});

it('a ruleset without kube-proxy tables says what it shows the same way when read for one service', () => {
  const whole = decodeDump('iptables-nft-ruleset');
  assert.equal(whole.routing.shown, false);
  assert.deepEqual(decodeDump('iptables-nft-ruleset', 'default/kubernetes').routing, whole.routing);
});

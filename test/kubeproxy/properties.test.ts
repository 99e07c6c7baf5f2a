/**
 * Whatever it is given, the decoder returns an answer that holds together: it never throws,
 * shares stay in [0, 1], a chain seen whole shares out all its traffic, orphans are never
 * endpoints, and warnings point at real lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeIptablesSave } from '../../src/kubeproxy/iptables/decode.ts';
import { rulesDocument } from '../../src/kubeproxy/rulesDocument.ts';
import type { NodeRules } from '../../src/dataplane/types.ts';

const fixture = (name: string) => readFileSync(new URL(`./dumps/${name}.txt`, import.meta.url), 'utf8');

function checkInvariants(text: string, rules: NodeRules): void {
  const lines = text.split('\n').length;
  for (const port of rules.services) {
    assert.match(port.service ?? '', /^[^/\s]+\/[^/\s]+$/);
    for (const list of [port.endpoints, port.localEndpoints]) {
      if (list === null) continue;
      let sum = 0;
      for (const endpoint of list) {
        assert.ok(endpoint.port === null || (endpoint.port >= 0 && endpoint.port <= 65535));
        if (endpoint.share === null) continue;
        assert.ok(endpoint.share >= 0 && endpoint.share <= 1, `share ${endpoint.share}`);
        sum += endpoint.share;
      }
      assert.ok(sum <= 1 + 1e-9, `shares sum to ${sum}`);
      const allKnown = list.length > 0 && list.every((endpoint) => endpoint.share !== null);
      if (rules.completeness === 'filtered' && allKnown) assert.ok(Math.abs(sum - 1) < 1e-9, `whole chain sums to ${sum}`);
    }
  }
  const endpointChains = new Set(rules.services.flatMap((p) => [...(p.endpoints ?? []), ...(p.localEndpoints ?? [])]).map((e) => e.chain));
  for (const orphan of rules.orphanEndpoints) assert.ok(!endpointChains.has(orphan.chain), `${orphan.chain} is both`);
  for (const warning of rules.warnings) assert.ok(warning.line >= 1 && warning.line <= lines, `warning at line ${warning.line} of ${lines}`);
  JSON.stringify(rulesDocument(rules));
}

function decodeChecked(text: string, service?: string): NodeRules {
  const rules = decodeIptablesSave(text, { node: 'n', source: 'fuzz', ...(service ? { service } : {}) });
  checkInvariants(text, rules);
  return rules;
}

test('random text never breaks the decoder', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      decodeChecked(text);
      decodeChecked(text, 'a/b');
    }),
    { numRuns: 300 },
  );
});

const LINE_STARTS = [
  '-A KUBE-SERVICES',
  '-A KUBE-NODEPORTS',
  '-A KUBE-SVC-AAAAAAAAAAAAAAAA',
  '-A KUBE-SVL-AAAAAAAAAAAAAAAA',
  '-A KUBE-EXT-AAAAAAAAAAAAAAAA',
  '-A KUBE-XLB-AAAAAAAAAAAAAAAA',
  '-A KUBE-SEP-BBBBBBBBBBBBBBBB',
  '-A KUBE-SEP-CCCCCCCCCCCCCCCC',
  '-A KUBE-EXTERNAL-SERVICES',
  '[3:180] -A KUBE-SVC-AAAAAAAAAAAAAAAA',
  '*nat',
  '*filter',
  'COMMIT',
  ':KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]',
  '---',
  '-A',
  '#',
];

const FRAGMENTS = [
  '-m comment --comment "a/b:p cluster IP"',
  '-m comment --comment "a/b:p -> 10.0.0.1:80"',
  '-m comment --comment "a/b:p has no endpoints"',
  '-m comment --comment "a/b has no local endpoints"',
  '-m comment --comment a/b:p',
  '-m statistic --mode random --probability 0.50000000000',
  '-m statistic --mode random --probability 0.33333333349',
  '--probability 0.25',
  '-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-BBBBBBBBBBBBBBBB',
  '-j KUBE-SEP-BBBBBBBBBBBBBBBB',
  '-j KUBE-SEP-CCCCCCCCCCCCCCCC',
  '-j KUBE-SVC-AAAAAAAAAAAAAAAA',
  '-j KUBE-SVL-AAAAAAAAAAAAAAAA',
  '-j KUBE-MARK-MASQ',
  '-j KUBE-MARK-DROP',
  '-j REJECT',
  '-j DROP',
  '-j DNAT --to-destination 10.0.0.1:80',
  '-j DNAT --to-destination [fd00::1]:80',
  '-d 10.96.0.1/32',
  '! -s 10.244.0.0/16',
  '-p tcp',
  '-p udp',
  '--dport 80',
  '-m addrtype --dst-type LOCAL',
  '"',
  '!',
  '-c 1 2',
  'garbage',
];

const soupLine = fc
  .tuple(fc.constantFrom(...LINE_STARTS), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }))
  .map(([start, fragments]) => [start, ...fragments].join(' '));

test('line soups made of real rule fragments never break the decoder', () => {
  fc.assert(
    fc.property(fc.array(soupLine, { maxLength: 30 }), fc.boolean(), (lines, crlf) => {
      const text = lines.join(crlf ? '\r\n' : '\n');
      decodeChecked(text);
      decodeChecked(text, 'a/b');
    }),
    { numRuns: 500 },
  );
});

test('a real dump cut at any byte still decodes consistently', () => {
  for (const name of ['seed-before', 'v1.24-mark-drop', 'garbage']) {
    const text = fixture(name);
    for (let end = 0; end <= text.length; end++) decodeChecked(text.slice(0, end));
  }
});

test('a complete dump cut anywhere is never reported complete unless its nat COMMIT survived', () => {
  const text = fixture('modern-complete');
  const commit = text.lastIndexOf('COMMIT');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: text.length }), (end) => {
      const rules = decodeChecked(text.slice(0, end));
      if (end < commit + 'COMMIT'.length) assert.equal(rules.completeness, 'filtered');
    }),
    { numRuns: 300 },
  );
});

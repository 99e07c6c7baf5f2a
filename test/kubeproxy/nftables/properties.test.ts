/**
 * Whatever it is given, the nftables decoder returns an answer that holds together: it never
 * throws, shares stay in [0, 1] and never sum past 1, warnings point at real lines, and reading one
 * service never claims more than the whole read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { NodeRules } from '../../../src/dataplane/types.ts';
import { decodeNftables } from '../../../src/kubeproxy/nftables/decode.ts';
import { dumpText } from './fixtures.ts';

function checkInvariants(text: string, rules: NodeRules): void {
  const lines = text.split('\n').length;
  for (const port of rules.services) {
    assert.match(port.service ?? '', /^[^/\s]+\/[^/\s]+$/);
    for (const list of [port.endpoints, port.localEndpoints]) {
      let sum = 0;
      for (const endpoint of list ?? []) {
        if (endpoint.port !== null) assert.ok(endpoint.port >= 0 && endpoint.port <= 65535);
        if (endpoint.share === null) continue;
        assert.ok(endpoint.share >= 0 && endpoint.share <= 1, `share ${endpoint.share}`);
        sum += endpoint.share;
      }
      assert.ok(sum <= 1 + 1e-9, `shares sum to ${sum}`);
    }
  }
  for (const warning of rules.warnings) assert.ok(warning.line >= 1 && warning.line <= lines, `warning at line ${warning.line} of ${lines}`);
  JSON.stringify(rules);
}

function decodeChecked(text: string): void {
  const whole = decodeNftables(text, { node: 'n', source: 'fuzz' });
  checkInvariants(text, whole);
  for (const service of ['a/b', ...new Set(whole.services.map((p) => p.service ?? ''))].slice(0, 3)) {
    const alone = decodeNftables(text, { node: 'n', source: 'fuzz', service });
    checkInvariants(text, alone);
    assert.ok(alone.services.every((p) => p.service === service));
  }
}

const LINES = [
  'table ip kube-proxy {',
  'table ip6 kube-proxy {',
  'table inet filter {',
  '}',
  '\t}',
  'chain service-ULMVA6XW-ns1/svc1/tcp/p80 {',
  'chain endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 {',
  'chain local-ULMVA6XW-ns1/svc1/tcp/p80 {',
  'set affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 {',
  'set cluster-ips {',
  'map service-ips {',
  'timeout 3h',
  'elements = { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80,',
  '10.0.0.1 . tcp . 80 comment "ns1/svc1:p80" : goto reject-chain }',
  'tcp . 3001 comment "ns2/svc2:p80" : drop,',
  'numgen random mod 2 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80, 1 : goto endpoint-X }',
  'meta l4proto tcp dnat to 10.180.0.1:80',
  'meta l4proto tcp dnat ip to numgen random mod 3 map { 0 : 10.0.0.1 . 80, 2 : 10.0.0.2 . 81 }',
  'meta l4proto tcp dnat ip6 addr . port to fd00::1 . 6443',
  'ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80',
  'jump services',
  'ip daddr . meta l4proto . th dport vmap @service-ips',
  'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
  'add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }',
  'add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }',
  'add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "a/b:p" : goto reject-chain }',
  'flush chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80',
  'delete element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 }',
  'add set ip kube-proxy affinity-x { timeout 10800s ; }',
  '{{{{{{{{{{{{',
  '"""""""',
  '--',
  '# comment',
  'elements = {',
  'numgen random mod 99999999999 vmap { 0 : goto x }',
];

describe('the nftables decoder on hostile text', () => {
  it('never breaks on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => decodeChecked(text)),
      { numRuns: 300 },
    );
  });

  it('never breaks on soups of real line pieces', () => {
    const line = fc
      .tuple(fc.constantFrom(...LINES), fc.constantFrom('', '\t', '\t\t', '        '), fc.constantFrom('', ' # handle 7', ' counter packets 1 bytes 2', ' comment "x"'))
      .map(([text, indent, tail]) => `${indent}${text}${tail}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, crlf) => decodeChecked(lines.join(crlf ? '\r\n' : '\n'))),
      { numRuns: 400 },
    );
  });

  it('reads every prefix of real dumps consistently', () => {
    for (const name of ['v1.36.2-pi-listing', 'minikube-grep']) {
      const text = dumpText(name);
      for (let end = 0; end <= text.length; end += 7) decodeChecked(text.slice(0, end));
    }
  });

  it('is complete only when the table is there from its header to its closing brace', () => {
    const text = dumpText('k3s-listing');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 2 }), (end) => {
        assert.equal(decodeNftables(text.slice(0, end), { node: 'n', source: 'cut' }).completeness, 'filtered');
      }),
      { numRuns: 100 },
    );
  });

  it('reads lines far longer than any kube-proxy writes, and deep braces, without stalling', () => {
    const long = `add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 20000 vmap { ${Array.from({ length: 20_000 }, (_, i) => `${i} : goto endpoint-${i}`).join(' , ')} }`;
    decodeChecked(long);
    decodeChecked(`${'{'.repeat(200_000)}\n${'}'.repeat(200_000)}\n${'"'.repeat(100_001)}`);
    decodeChecked(`${'a . '.repeat(100_000)}: drop\n`);
  });
});

/**
 * The rule pieces kube-proxy writes in nftables mode, as its transaction form and `nft list` print
 * them, one table row each (pkg/proxy/nftables/proxier.go, release by release; the citation is on
 * each row). A rule outside these shapes is refused with a reason, never guessed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRule, type RuleAction } from '../../../src/kubeproxy/nftables/rule.ts';
import { bareRule } from '../../../src/kubeproxy/nftables/text.ts';

const endpointA = 'endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80';
const endpointB = 'endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80';

interface Case {
  source: string;
  rule: string;
  action: RuleAction;
  conditional?: boolean;
}

const cases: Case[] = [
  {
    source: '1.30-1.35 service chain balancing (TestOverallNFTablesRules svc4)',
    rule: `numgen random mod 2 vmap { 0 : goto ${endpointA} , 1 : goto ${endpointB} }`,
    action: { kind: 'balance', balancing: { modulus: 2, slots: [{ values: 1, target: { kind: 'chain', verb: 'goto', chain: endpointA } }, { values: 1, target: { kind: 'chain', verb: 'goto', chain: endpointB } }] } },
  },
  {
    source: 'the same as nft list prints it (k3s listing)',
    rule: `numgen random mod 2 vmap { 0 : goto ${endpointA}, 1 : goto ${endpointB} }`,
    action: { kind: 'balance', balancing: { modulus: 2, slots: [{ values: 1, target: { kind: 'chain', verb: 'goto', chain: endpointA } }, { values: 1, target: { kind: 'chain', verb: 'goto', chain: endpointB } }] } },
  },
  {
    source: 'endpoint chain DNAT, 1.29-1.35',
    rule: 'meta l4proto tcp dnat to 10.180.0.5:80',
    action: { kind: 'dnat', dnat: { kind: 'address', address: { ip: '10.180.0.5', port: 80 } } },
  },
  {
    source: 'IPv6 endpoint chain DNAT (knftables fake_test.go IPv6 example)',
    rule: 'meta l4proto tcp dnat to [fd00:10:180::2:1]:80',
    action: { kind: 'dnat', dnat: { kind: 'address', address: { ip: 'fd00:10:180::2:1', port: 80 } } },
  },
  {
    source: '1.36+ service chain DNAT, transaction form (writeServiceToEndpointDNATs)',
    rule: 'meta l4proto tcp dnat ip addr . port to numgen random mod 2 map { 0 : 10.180.0.4 . 80 , 1 : 10.180.0.5 . 80 }',
    action: { kind: 'dnat', dnat: { kind: 'balance', balancing: { modulus: 2, slots: [{ values: 1, target: { kind: 'address', ip: '10.180.0.4', port: 80 } }, { values: 1, target: { kind: 'address', ip: '10.180.0.5', port: 80 } }] } } },
  },
  {
    source: '1.36+ as nft list prints it (v1.36.2 node)',
    rule: 'meta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.244.0.10 . 9898, 1 : 10.244.0.8 . 9898 }',
    action: { kind: 'dnat', dnat: { kind: 'balance', balancing: { modulus: 2, slots: [{ values: 1, target: { kind: 'address', ip: '10.244.0.10', port: 9898 } }, { values: 1, target: { kind: 'address', ip: '10.244.0.8', port: 9898 } }] } } },
  },
  {
    source: '1.36+ IPv6 (writeServiceToEndpointDNATs with ipX = ip6)',
    rule: 'meta l4proto tcp dnat ip6 addr . port to numgen random mod 1 map { 0 : fd00:10:244::4 . 6443 }',
    action: { kind: 'dnat', dnat: { kind: 'balance', balancing: { modulus: 1, slots: [{ values: 1, target: { kind: 'address', ip: 'fd00:10:244::4', port: 6443 } }] } } },
  },
  {
    source: '1.37 single-endpoint DNAT as PR #140723 wrote it (quoted in PR #140960)',
    rule: 'meta l4proto tcp dnat ip6 addr . port to fd00:10:244::4 . 6443',
    action: { kind: 'dnat', dnat: { kind: 'address', address: { ip: 'fd00:10:244::4', port: 6443 } } },
  },
  {
    source: 'ClientIP affinity check in the service chain',
    rule: 'ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80',
    action: { kind: 'jump', verb: 'goto', chain: 'endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80' },
    conditional: true,
  },
  {
    source: 'ClientIP affinity record in the endpoint chain',
    rule: 'update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }',
    action: { kind: 'update', set: 'affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80' },
  },
  {
    source: 'externalTrafficPolicy Local: short-circuit pod traffic',
    rule: 'ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"',
    action: { kind: 'jump', verb: 'goto', chain: 'service-42NFTM6N-ns2/svc2/tcp/p80' },
    conditional: true,
  },
  { source: 'masquerade mark, 1.29-1.35', rule: 'ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade', action: { kind: 'mark' }, conditional: true },
  { source: 'masquerade mark, 1.36+ external chain', rule: 'mark set mark or 0x4000 comment "masquerade"', action: { kind: 'mark' } },
  { source: 'masquerade mark as nft list prints it', rule: 'meta mark set meta mark | 0x00004000', action: { kind: 'mark' } },
  { source: 'loadBalancerSourceRanges firewall chain', rule: 'ip saddr != { 203.0.113.0/25 } drop', action: { kind: 'verdict', verdict: 'drop' }, conditional: true },
  { source: 'service dispatch', rule: 'ip daddr . meta l4proto . th dport vmap @service-ips', action: { kind: 'dispatch', map: 'service-ips' } },
  { source: '1.29 node-port dispatch', rule: 'fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports', action: { kind: 'dispatch', map: 'service-nodeports' }, conditional: true },
  { source: 'nft -a counters are read past', rule: 'counter packets 14258 bytes 1410381 jump services', action: { kind: 'jump', verb: 'jump', chain: 'services' } },
  { source: '1.36+ hairpin masquerade', rule: 'ct status dnat ip saddr . ip daddr . meta l4proto . th dport @hairpin-connections masquerade fully-random', action: { kind: 'none' }, conditional: true },
];

describe('kube-proxy rule pieces', () => {
  for (const c of cases) {
    it(c.source, () => {
      const read = readRule(bareRule(c.rule).text);
      assert.ok(read.ok, read.ok ? '' : read.error);
      assert.deepEqual(read.rule.action, c.action);
      assert.equal(read.rule.conditional, c.conditional ?? false);
    });
  }
});

describe('what is not a kube-proxy rule piece', () => {
  const refused = [
    'garbage here',
    'numgen random mod 0 vmap { 0 : goto x }',
    'numgen random mod 2 vmap { 0 : dnat to 1.2.3.4:80 }',
    'meta l4proto tcp dnat to 10.0.0.1',
    'meta l4proto tcp dnat to 300.0.0.1:80',
    'ip daddr 10.0.0.1 jump services extra',
    'update @affinity-x',
    'tcp dport http accept',
  ];
  for (const rule of refused) {
    it(`refuses "${rule}" with a reason`, () => {
      const read = readRule(rule);
      assert.equal(read.ok, false);
      if (!read.ok) assert.ok(read.error.length > 0);
    });
  }
});

/**
 * kube-proxy names every per-service object `PREFIX-HASH-ns/name/proto/port[__ip/port]` with
 * HASH = base32(sha256(rest))[:8] (pkg/proxy/nftables/proxier.go hashAndTruncate). Recomputing the
 * hash of every such name in every golden dump proves the dumps are kube-proxy's own output, not
 * retyped by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashAndTruncate } from '../../../src/kubeproxy/hash.ts';
import { parseKubeProxyName, portFromComment } from '../../../src/kubeproxy/nftables/names.ts';
import { dumpNames, dumpText } from './fixtures.ts';

const NAME = /\b(?:service|local|external|firewall|endpoint|affinity)-([A-Z2-7]{8})-([^\s,{}"]+)/g;

describe('chain-name hashes in the golden dumps', () => {
  for (const name of dumpNames) {
    it(`every kube-proxy object name in ${name}.nft carries the hash of the rest of its name`, () => {
      const names = new Set([...dumpText(name).matchAll(NAME)].map((match) => match[0]));
      if (name === 'iptables-nft-ruleset') return assert.equal(names.size, 0);
      assert.ok(names.size > 0, 'no kube-proxy object names found');
      for (const object of names) {
        const rest = object.slice(object.indexOf('-', object.indexOf('-') + 1) + 1);
        const hash = object.slice(object.indexOf('-') + 1, object.indexOf('-') + 9);
        assert.equal(hashAndTruncate(rest), `${hash}-${rest}`, object);
      }
    });
  }
});

describe('hashAndTruncate', () => {
  const cases: [string, string][] = [
    // pkg/proxy/nftables/proxier.go comments: servicePortChainNameBase, servicePortEndpointChainNameBase
    ['ns1/svc1/tcp/p80', 'ULMVA6XW-ns1/svc1/tcp/p80'],
    ['ns1/svc1/tcp/p80__10.180.0.1/80', '5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80'],
    // an unnamed port leaves a trailing slash (real k3s listing, dumps/k3s-listing.nft)
    ['riset/hellopod-np-svc/tcp/', 'P6J77WGM-riset/hellopod-np-svc/tcp/'],
    // an IPv6 endpoint has its colons replaced by dots (knftables fake_test.go, dumps/v1.31-ipv6-knftables-test.nft)
    ['ns1/svc1/tcp/p80__fd00.10.180..2.1/80', '2CRNCTTE-ns1/svc1/tcp/p80__fd00.10.180..2.1/80'],
  ];
  for (const [input, expected] of cases) {
    it(`hashes ${input}`, () => assert.equal(hashAndTruncate(input), expected));
  }

  it('cuts a name longer than chainNameBaseLengthMax to that length, ending in "..."', () => {
    const long = `${'n'.repeat(63)}/${'s'.repeat(63)}/tcp/${'p'.repeat(63)}`;
    const cut = hashAndTruncate(long, 112);
    assert.equal(cut.length, 112);
    assert.ok(cut.endsWith('...'));
    assert.equal(cut.slice(0, 9), hashAndTruncate(long).slice(0, 9), 'the hash is of the whole name');
  });
});

describe('parseKubeProxyName', () => {
  const cases: [string, unknown][] = [
    ['service-ULMVA6XW-ns1/svc1/tcp/p80', { kind: 'service', hash: 'ULMVA6XW', port: { service: 'ns1/svc1', port: 'p80', protocol: 'tcp', key: 'ns1/svc1/tcp/p80' }, endpoint: null }],
    ['local-ULMVA6XW-ns1/svc1/tcp/p80', { kind: 'local', hash: 'ULMVA6XW', port: { service: 'ns1/svc1', port: 'p80', protocol: 'tcp', key: 'ns1/svc1/tcp/p80' }, endpoint: null }],
    ['endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80', { kind: 'endpoint', hash: '5OJB2KTY', port: { service: 'ns1/svc1', port: 'p80', protocol: 'tcp', key: 'ns1/svc1/tcp/p80' }, endpoint: '10.180.0.1/80' }],
    ['service-P6J77WGM-riset/hellopod-np-svc/tcp/', { kind: 'service', hash: 'P6J77WGM', port: { service: 'riset/hellopod-np-svc', port: '', protocol: 'tcp', key: 'riset/hellopod-np-svc/tcp/' }, endpoint: null }],
    ['services', null],
    ['service-endpoints-check', null],
    ['service-lowercase-ns/svc/tcp/p', null],
    ['service-ULMVA6XW-ns1/svc1/icmp/p80', null],
    ['endpoint-5OJB2KTY-ns1/svc1/tcp/p80', null],
  ];
  for (const [name, expected] of cases) {
    it(`reads ${name}`, () => assert.deepEqual(parseKubeProxyName(name), expected));
  }

  it('reads the service port of a no-endpoint element comment ("ns/name:port", unnamed "ns/name")', () => {
    assert.deepEqual(portFromComment('ns6/svc6:p80', 'tcp'), { service: 'ns6/svc6', port: 'p80', protocol: 'tcp', key: 'ns6/svc6/tcp/p80' });
    assert.deepEqual(portFromComment('ns6/svc6', 'udp'), { service: 'ns6/svc6', port: '', protocol: 'udp', key: 'ns6/svc6/udp/' });
    assert.equal(portFromComment('not a service', 'tcp'), null);
  });
});

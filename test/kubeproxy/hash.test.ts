/** kube-proxy's chain names can be recomputed from a service port (design note §1.4). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Prefix, clusterChainName, endpointChainName, portProtoHash } from '../../src/kubeproxy/hash.ts';

const EXAMPLES: [string, 'tcp' | 'udp', string][] = [
  ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
  ['default/web-service', 'tcp', 'SZGXCNNBZLC4E3DM'],
  ['default/nginx', 'tcp', '2CMXP7HKUVJN7L6M'],
  ['default/nginx:', 'tcp', '4N57TFCL4MD7ZTDA'],
  ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
  ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
  ['default/readiness-deployment', 'tcp', 'IKYJPMLCKWKD4GAR'],
];

for (const [name, protocol, hash] of EXAMPLES) {
  test(`portProtoHash("${name}", ${protocol}) is ${hash}, as in the design note's table`, () => {
    assert.equal(portProtoHash(name, protocol), hash);
  });
}

test('an unnamed port hashes differently with and without the old trailing colon', () => {
  assert.notEqual(portProtoHash('default/nginx', 'tcp'), portProtoHash('default/nginx:', 'tcp'));
});

test('the cluster chain of the seed service is KUBE-SVC-IKYJPMLCKWKD4GAR', () => {
  assert.equal(clusterChainName('default/readiness-deployment', 'tcp'), 'KUBE-SVC-IKYJPMLCKWKD4GAR');
});

test("the seed's endpoint chains are the hashes of service port, protocol and endpoint", () => {
  assert.equal(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80'), 'KUBE-SEP-SXIVWICOYRO3J4NJ');
  assert.equal(endpointChainName('default/readiness-deployment', 'tcp', '10.244.0.5:8080'), 'KUBE-SEP-2XOKBYZGBN65M2V3');
  assert.equal(endpointChainName('default/readiness-deployment', 'tcp', '10.244.0.6:8080'), 'KUBE-SEP-FBLUIRQWGV5XZRNC');
  assert.equal(endpointChainName('default/readiness-deployment', 'tcp', '10.244.0.7:8080'), 'KUBE-SEP-A4EQCJTEE766DQAW');
});

test('base32Prefix matches RFC 4648 test vectors', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  assert.equal(base32Prefix(bytes('foobar'), 10), 'MZXW6YTBOI');
  assert.equal(base32Prefix(bytes('f'), 2), 'MY');
});

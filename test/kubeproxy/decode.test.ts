/** What the decoder concludes from whole and filtered dumps, scenario by scenario. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { lineChunks, lineNumbersIn, type DumpPass } from '../../src/kubeproxy/iptables/chunks.ts';
import { decodeIptablesSave, decodeIptablesSaveService } from '../../src/kubeproxy/iptables/decode.ts';
import { EMPTY_DUMP } from '../../src/kubeproxy/iptables/integrity.ts';
import type { NodeRules, ServicePortRules } from '../../src/dataplane/types.ts';

const fixture = (name: string) => readFileSync(new URL(`./dumps/${name}.txt`, import.meta.url), 'utf8');
const decode = (text: string, service?: string) => decodeIptablesSave(text, { node: 'n', source: 'dump.txt', ...(service ? { service } : {}) });

function port(rules: NodeRules, service: string, name = ''): ServicePortRules {
  const found = rules.services.find((p) => p.service === service && p.port === name);
  assert.ok(found, `${service}:${name} not decoded`);
  return found;
}

const endpointsOf = (p: ServicePortRules) => p.endpoints?.map((e) => `${e.ip}:${e.port}`);

test('readiness failure: before it three endpoints get a third each; after it the failed pod has no rule', () => {
  const before = port(decode(fixture('seed-before')), 'default/readiness-deployment');
  const after = port(decode(fixture('seed-after')), 'default/readiness-deployment');
  assert.deepEqual(endpointsOf(before), ['10.244.0.5:8080', '10.244.0.6:8080', '10.244.0.7:8080']);
  for (const endpoint of before.endpoints ?? []) assert.ok(Math.abs((endpoint.share ?? 0) - 1 / 3) < 1e-9);
  assert.deepEqual(after.endpoints?.map((e) => [e.ip, e.share]), [['10.244.0.6', 0.5], ['10.244.0.7', 0.5]]);
});

test('a grep dump is filtered; a dump is complete only with a *nat header and its COMMIT', () => {
  const rule = '-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m comment --comment "a/b cluster IP" -m tcp --dport 80 -j KUBE-SVC-X\n';
  assert.equal(decode(fixture('seed-before')).completeness, 'filtered');
  assert.equal(decode(`*nat\n${rule}COMMIT\n`).completeness, 'complete');
  assert.equal(decode(`*nat\n${rule}`).completeness, 'filtered', 'cut before COMMIT');
  assert.equal(decode(`${rule}COMMIT\n`).completeness, 'filtered', 'no header');
  assert.equal(decode(`*filter\nCOMMIT\n*nat\n${rule}`).completeness, 'filtered', 'COMMIT of another table');
});

test('large-cluster mode: endpoint rules without comments belong to the service chain that jumps to them', () => {
  const rules = decode(fixture('large-cluster'));
  assert.deepEqual(endpointsOf(port(rules, 'big/app', 'http')), ['10.1.0.11:8080', '10.1.1.12:8080', '10.1.2.13:8080']);
});

test('large-cluster mode: stale endpoint chains are orphans, never endpoints of a service', () => {
  const rules = decode(fixture('large-cluster'));
  const orphans = rules.orphanEndpoints.map((o) => `${o.chain} ${o.service}`);
  assert.deepEqual(orphans, ['KUBE-SEP-GV3KAWVE67TX4JRM big/gone', 'KUBE-SEP-QAKDRRZGPF6N3QPW big/old', 'KUBE-SEP-Y7QOXPLUO5ALLV72 null']);
  const everyEndpoint = rules.services.flatMap((p) => p.endpoints ?? []).map((e) => e.chain);
  for (const orphan of rules.orphanEndpoints) assert.ok(!everyEndpoint.includes(orphan.chain));
  assert.equal(rules.services.some((p) => p.service === 'big/gone'), false, 'a stale service chain is no service');
});

test('a filtered dump without the endpoint lines says unknown (null), never none', () => {
  const rules = decode(fixture('grep-partial'));
  assert.equal(port(rules, 'f/web', 'http').endpoints, null);
  assert.equal(port(rules, 'f/api').endpoints, null);
});

test('a chain only partly in a filtered dump lists what it shows, without inventing shares', () => {
  const db = port(decode(fixture('grep-partial')), 'f/db', 'sql');
  assert.deepEqual(endpointsOf(db), ['10.30.0.1:5432', '10.30.0.9:5432']);
  assert.deepEqual(db.endpoints?.map((e) => e.share), [null, null]);
});

test('1.19: KUBE-XLB is the local chain, its "Balancing rule" comments name the service, KUBE-MARK-DROP means no local endpoints', () => {
  const rules = decode(fixture('v1.19-xlb'));
  const nginx = port(rules, 'default/nginx');
  assert.deepEqual(nginx.localEndpoints?.map((e) => [e.ip, e.share]), [['10.244.1.10', 0.5], ['10.244.1.11', 0.5]]);
  const redis = port(rules, 'default/redis', 'tcp-redis');
  assert.deepEqual([redis.noEndpoints, redis.localEndpoints], ['drop', []]);
});

test('1.24: "has no local endpoints" -j KUBE-MARK-DROP in KUBE-SVL is a drop, with the cluster endpoints still listed', () => {
  const site = port(decode(fixture('v1.24-mark-drop')), 'web/site', 'https');
  assert.deepEqual([site.noEndpoints, site.localEndpoints, endpointsOf(site)], ['drop', [], ['10.8.1.4:8443', '10.8.2.5:8443']]);
});

test('no endpoints: REJECT with the addresses of the filter rules; Local policies without local endpoints: DROP', () => {
  const rules = decode(fixture('no-endpoints'));
  const batch = port(rules, 'ops/batch', 'http');
  assert.deepEqual([batch.noEndpoints, batch.endpoints, batch.frontends.map((f) => `${f.type} ${f.ip}:${f.port}`)], [
    'reject',
    [],
    ['clusterIP 10.96.9.1:80', 'nodePort null:30900'],
  ]);
  assert.equal(port(rules, 'ops/edge', 'https').noEndpoints, 'drop');
  assert.equal(port(rules, 'ops/metrics').noEndpoints, 'drop');
});

test('internalTrafficPolicy=Local: the cluster IP jumps to KUBE-SVL', () => {
  const cache = port(decode(fixture('modern-complete')), 'shop/cache', 'redis');
  assert.deepEqual([cache.clusterIPChain, cache.endpoints, cache.localEndpoints?.map((e) => e.share)], ['local', [], [1]]);
});

test('every frontend of a LoadBalancer with eTP=Local and source ranges, in a fixed order', () => {
  const front = port(decode(fixture('modern-complete')), 'shop/front', 'http');
  assert.deepEqual(front.frontends, [
    { type: 'clusterIP', ip: '10.96.100.20', port: 80 },
    { type: 'externalIP', ip: '198.51.100.7', port: 80 },
    { type: 'loadBalancer', ip: '203.0.113.10', port: 80 },
    { type: 'nodePort', ip: null, port: 31080 },
  ]);
  assert.deepEqual(front.chains, ['KUBE-SVC-LQHX3O73FPKHOFRJ', 'KUBE-SVL-LQHX3O73FPKHOFRJ', 'KUBE-EXT-LQHX3O73FPKHOFRJ', 'KUBE-FW-LQHX3O73FPKHOFRJ']);
});

test('ClientIP affinity gives the timeout and leaves the shares of new connections alone', () => {
  const web = port(decode(fixture('modern-complete')), 'shop/web');
  assert.equal(web.affinitySeconds, 10800);
  assert.equal(web.endpoints?.length, 3);
});

test('rules under other tables (mangle, raw) are not kube-proxy service rules', () => {
  const text = '*mangle\n-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m comment --comment "a/b cluster IP" -m tcp --dport 80 -j KUBE-SVC-X\nCOMMIT\n';
  assert.deepEqual(decode(text).services, []);
});

test('without table headers, REJECT lines of KUBE-SERVICES count as filter rules', () => {
  const text = '-A KUBE-SERVICES -d 10.96.9.1/32 -p tcp -m comment --comment "ops/batch:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n';
  assert.equal(port(decode(text), 'ops/batch', 'http').noEndpoints, 'reject');
});

test('empty input and separator-only greps decode to nothing, with one warning that the dump is empty (issue 13: not silently "filtered")', () => {
  for (const text of ['', '---\n', '\r\n\r\n', '--\n', '# Generated by iptables-save\n']) {
    for (const service of [undefined, 'a/b']) {
      assert.deepEqual([decode(text, service).services, decode(text, service).warnings], [[], [{ line: 1, message: EMPTY_DUMP, incomplete: true }]]);
    }
  }
});

test('warnings carry the line number, also with CRLF line ends', () => {
  const text = '*nat\r\n-A KUBE-SVC-X -m statistic --probability 2 -j KUBE-SEP-Y\r\nhello\r\nCOMMIT\r\n';
  assert.deepEqual(decode(text).warnings.map((w) => w.line), [2, 3]);
  assert.deepEqual(decode(text, 'a/b').warnings, [], 'the service filter reads only lines about its service');
});

/** A pass that reads `text` through `lineChunks` in chunks of `size` bytes. */
function chunkedPass(text: string, size: number): DumpPass {
  const bytes = Buffer.from(text);
  return (from = 0, to = bytes.length) => {
    let position = from;
    return lineChunks((into, offset, length) => {
      const count = Math.max(0, Math.min(length, to - position));
      bytes.copy(into, offset, position, position + count);
      position += count;
      return count;
    }, from, size);
  };
}

test('reading a file in chunks gives the same answer whatever the chunk size', () => {
  const text = fixture('modern-complete');
  const expected = decode(text, 'shop/front');
  for (const size of [16, 100, 4096]) {
    const actual = decodeIptablesSaveService(chunkedPass(text, size), { node: 'n', source: 'dump.txt', service: 'shop/front' });
    assert.deepEqual(actual, expected, `chunks of ${size}`);
  }
});

test('the nat table is whole whichever chunk its COMMIT line starts, the first byte of one included', () => {
  const text = fixture('modern-complete');
  const commit = text.lastIndexOf('\nCOMMIT') + 1;
  assert.equal(decode(text, 'shop/front').completeness, 'complete');
  // Chunks end at line ends, so among these sizes some chunk begins exactly at the COMMIT line.
  const sizes = Array.from({ length: 120 }, (_, i) => i + 8);
  const startsAChunk = sizes.filter((size) => chunkStarts(text, size).includes(commit));
  assert.ok(startsAChunk.length > 0, 'some size puts COMMIT at a chunk start');
  for (const size of sizes) {
    const actual = decodeIptablesSaveService(chunkedPass(text, size), { node: 'n', source: 'dump.txt', service: 'shop/front' });
    assert.equal(actual.completeness, 'complete', `chunks of ${size}`);
  }
});

/** Where the chunks of `chunkedPass(text, size)` start. */
function chunkStarts(text: string, size: number): number[] {
  return [...chunkedPass(text, size)()].map((chunk) => chunk.base);
}

test('line numbers are counted across chunk boundaries', () => {
  const text = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
  const offsets = [0, text.indexOf('line 7'), text.indexOf('line 33'), text.indexOf('line 50')];
  assert.deepEqual(lineNumbersIn(chunkedPass(text, 16), offsets), [1, 7, 33, 50]);
});

test('an empty service filter matches nothing (and does not loop)', () => {
  assert.deepEqual(decodeIptablesSave(fixture('seed-before'), { node: 'n', source: 'dump.txt', service: '' }).services, []);
});

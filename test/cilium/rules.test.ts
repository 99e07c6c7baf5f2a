/**
 * One table per rule of the Cilium decoder: which backends take new connections
 * (pkg/loadbalancer/reconciler/bpf_reconciler.go updateFrontend, bpf/lib/lb.h), the table layouts
 * of `service list` (cilium-dbg/cmd/service_list.go), Local policy and scopes, `bpf lb list`
 * entries (cilium-dbg/cmd/bpf_lb_list.go), JSON, and what is reported.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCilium, detectCiliumFormat } from '../../src/cilium/decode.ts';
import type { NodeRules, ServicePortRules } from '../../src/dataplane/types.ts';

const HEADER = 'ID   Frontend          Service Type   Backend';

function decode(lines: string[]): NodeRules {
  return decodeCilium(lines.join('\n'), { node: 'n', source: 'test' });
}

function shares(list: ServicePortRules['endpoints'] | undefined): (number | null)[] | null {
  return list?.map((endpoint) => (endpoint.share === null ? null : Math.round(endpoint.share * 1e6) / 1e6)) ?? null;
}

function row(states: (string | null)[]): string[] {
  return states.map((state, i) => `${i === 0 ? '1    10.96.0.50:80    ClusterIP      ' : '                                      '}${i + 1} => 10.244.0.${i + 1}:80${state === null ? '' : ` (${state})`}`);
}

describe('which backends take new connections', () => {
  const cases: { name: string; states: (string | null)[]; expected: number[] }[] = [
    { name: 'active backends share evenly; the others get none', states: ['active', 'maintenance', 'active', 'quarantined'], expected: [0.5, 0, 0.5, 0] },
    { name: 'terminating backends are not used while an active one is left', states: ['active', 'terminating'], expected: [1, 0] },
    { name: 'with no active backend, the terminating ones take the traffic (KEP-1669)', states: ['terminating', 'terminating', 'maintenance'], expected: [0.5, 0.5, 0] },
    { name: 'terminating-not-serving is never a fallback', states: ['terminating-not-serving', 'maintenance'], expected: [0, 0] },
    { name: 'a not-ready pod in maintenance keeps its place and gets nothing', states: ['maintenance', 'active'], expected: [0, 1] },
    { name: 'agents before backend states listed only selectable backends', states: [null, null, null], expected: [1 / 3, 1 / 3, 1 / 3].map((s) => Math.round(s * 1e6) / 1e6) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rules = decode([HEADER, ...row(c.states)]);
      assert.deepEqual(shares(rules.services[0]?.endpoints), c.expected);
      assert.deepEqual(
        rules.services[0]?.endpoints?.map((e) => e.state ?? null),
        c.states,
      );
    });
  }

  it('the states Cilium prints for a ClusterMesh service backend (terminating-not-serving) are read', () => {
    // The two backend lines as a 2026 ClusterMesh write-up quotes them (stored file 68845942605).
    const rules = decode([HEADER, '1    10.96.7.7:9090/TCP   ClusterIP (Remote)   1 => 10.10.4.97:9090/TCP (active)', '                                          2 => 10.20.1.232:9090/TCP (terminating-not-serving)']);
    const entry = rules.services[0];
    assert.deepEqual(entry?.frontends, [{ type: 'clusterIP', ip: '10.96.7.7', port: 9090, kind: 'ClusterIP (Remote)' }]);
    assert.deepEqual(shares(entry?.endpoints), [1, 0]);
  });

  it('weights that differ: Random ignores them and Maglev follows them; the dump names neither, so unknown', () => {
    const json = JSON.stringify([{ status: { realized: { 'frontend-address': { ip: '10.96.0.9', port: 80, protocol: 'TCP', scope: 'external' }, 'backend-addresses': [{ ip: '10.0.0.1', port: 80, state: 'active', weight: 100 }, { ip: '10.0.0.2', port: 80, state: 'active', weight: 50 }, { ip: '10.0.0.3', port: 80, state: 'maintenance', weight: 100 }] } } }]);
    assert.deepEqual(shares(decodeCilium(json, { node: 'n', source: 't' }).services[0]?.endpoints), [null, null, 0]);
  });

  it('some backends preferred and some not (ClusterMesh affinity may restrict to them): unknown', () => {
    const rules = decode([HEADER, '1    10.96.0.50:80    ClusterIP      1 => 10.244.0.1:80 (active) (preferred)', '                                      2 => 10.244.0.2:80 (active)']);
    assert.deepEqual(shares(rules.services[0]?.endpoints), [null, null]);
  });
});

describe('service list layouts', () => {
  const cases: { name: string; lines: string[]; frontend: object; protocol: string }[] = [
    { name: 'newest: no ID column, IP:port:PROTO', lines: ['Frontend          Service Type   Backend', '10.0.0.2:80:TCP   NodePort       1 => 172.29.0.3:80 (active)'], frontend: { type: 'nodePort', ip: '10.0.0.2', port: 80, kind: 'NodePort' }, protocol: 'tcp' },
    { name: 'protocol suffix', lines: [HEADER, '3    10.96.0.10:53/UDP   ClusterIP   1 => 10.244.1.69:53/UDP (active)'], frontend: { type: 'clusterIP', ip: '10.96.0.10', port: 53, kind: 'ClusterIP' }, protocol: 'udp' },
    { name: 'no protocol printed', lines: [HEADER, '3    10.96.0.10:53   ClusterIP   1 => 10.244.1.69:53 (active)'], frontend: { type: 'clusterIP', ip: '10.96.0.10', port: 53, kind: 'ClusterIP' }, protocol: 'unknown' },
    { name: 'bracketed IPv6 with protocol', lines: [HEADER, '9    [fd00:10:96::a]:53/TCP   ClusterIP   1 => [fd00:10:244::5]:53/TCP (active)'], frontend: { type: 'clusterIP', ip: 'fd00:10:96::a', port: 53, kind: 'ClusterIP' }, protocol: 'tcp' },
    { name: 'a NodePort on every node address', lines: [HEADER, '7    0.0.0.0:30080/TCP   NodePort   1 => 10.244.1.5:80/TCP (active)'], frontend: { type: 'nodePort', ip: null, port: 30080, kind: 'NodePort' }, protocol: 'tcp' },
    { name: 'LoadBalancer and ExternalIPs', lines: [HEADER, '7    203.0.113.7:443/TCP   LoadBalancer   1 => 10.244.1.5:8443/TCP (active)'], frontend: { type: 'loadBalancer', ip: '203.0.113.7', port: 443, kind: 'LoadBalancer' }, protocol: 'tcp' },
    { name: 'LocalRedirect: an address redirected to node-local pods, of no Service field', lines: [HEADER, '8    169.254.20.10:53/UDP   LocalRedirect   1 => 10.244.1.9:53/UDP (active)'], frontend: { type: 'unknown', ip: '169.254.20.10', port: 53, kind: 'LocalRedirect' }, protocol: 'udp' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rules = decode(c.lines);
      assert.deepEqual(rules.services[0]?.frontends, [c.frontend]);
      assert.equal(rules.services[0]?.protocol, c.protocol);
      assert.deepEqual(rules.warnings, []);
      assert.equal(rules.completeness, 'complete');
    });
  }
});

describe('Local policy and the two lookup scopes', () => {
  it('the table: of two scopes, the list contained in the other is the node-local one', () => {
    const rules = decode([
      HEADER,
      '7    192.168.1.10:30080/TCP     NodePort   1 => 10.244.1.5:80/TCP (active)',
      '8    192.168.1.10:30080/TCP/i   NodePort   1 => 10.244.1.5:80/TCP (active)',
      '                                           2 => 10.244.2.6:80/TCP (active)',
    ]);
    assert.equal(rules.services.length, 1);
    const entry = rules.services[0];
    assert.deepEqual(entry?.localEndpoints?.map((e) => e.ip), ['10.244.1.5']);
    assert.deepEqual(entry?.endpoints?.map((e) => e.ip), ['10.244.1.5', '10.244.2.6']);
    assert.deepEqual(shares(entry?.endpoints), [0.5, 0.5]);
  });

  it('two scopes whose lists do not nest: which is local is unknown, and said', () => {
    const rules = decode([HEADER, '7    192.168.1.10:30080/TCP     NodePort   1 => 10.244.1.5:80/TCP (active)', '8    192.168.1.10:30080/TCP/i   NodePort   1 => 10.244.2.6:80/TCP (active)']);
    assert.equal(rules.services[0]?.endpoints, null);
    assert.equal(rules.services[0]?.localEndpoints, null);
    assert.ok(rules.warnings.some((w) => /do not nest/.test(w.message)));
  });

  it('bpf lb list: the master entry flags name the Local lists', () => {
    const rules = decode(['SERVICE ADDRESS         BACKEND ADDRESS (REVNAT_ID) (SLOT)', '192.168.1.10:30080      10.244.1.5:80 (9) (1)', '                        0.0.0.0:0 (9) (0) [NodePort, Local, two-scopes]', '192.168.1.10:30080/i    10.244.1.5:80 (10) (1)', '                        10.244.2.6:80 (10) (2)', '                        0.0.0.0:0 (10) (0) [NodePort, two-scopes]']);
    const entry = rules.services[0];
    assert.deepEqual(entry?.localEndpoints?.map((e) => e.ip), ['10.244.1.5']);
    assert.deepEqual(entry?.endpoints?.map((e) => e.ip), ['10.244.1.5', '10.244.2.6']);
    assert.deepEqual(shares(entry?.endpoints), [null, null], 'the map view shows no states and no active count');
  });
});

describe('bpf lb list entries', () => {
  it('newest keys print the protocol and each slot on its own row: rows of one key join, in slot order', () => {
    const rules = decode(['SERVICE ADDRESS              BACKEND ADDRESS (REVNAT_ID) (SLOT)', '10.96.0.10:53/UDP (2)        10.244.1.109:53/UDP (5) (2)', '10.96.0.10:53/UDP (0)        0.0.0.0:0 (5) (0) [ClusterIP, non-routable]', '10.96.0.10:53/UDP (1)        10.244.1.69:53/UDP (5) (1)']);
    assert.equal(rules.services.length, 1);
    assert.equal(rules.services[0]?.protocol, 'udp');
    assert.deepEqual(rules.services[0]?.endpoints?.map((e) => e.ip), ['10.244.1.69', '10.244.1.109']);
  });

  it('a slot whose backend is missing from the backend map', () => {
    const rules = decode(['SERVICE ADDRESS     BACKEND ADDRESS (REVNAT_ID) (SLOT)', '10.96.0.1:443       backend 17 not found', '                    0.0.0.0:0 (1) (0) [ClusterIP, non-routable]']);
    assert.deepEqual(rules.services[0]?.endpoints, [{ ip: null, port: null, share: null, chain: null }]);
    assert.ok(rules.warnings.some((w) => /backend "17"/.test(w.message)));
  });
});

describe('JSON forms', () => {
  const realized = (ip: string, type: string) => ({ spec: {}, status: { realized: { 'frontend-address': { ip, port: 80, protocol: 'TCP', scope: 'external' }, 'backend-addresses': [{ ip: '10.0.0.1', port: 80, state: 'active' }], flags: { type, name: 'web', namespace: 'shop' } } } });
  it('compact JSON (jq -c) is read whole', () => {
    const rules = decodeCilium(JSON.stringify([realized('10.96.0.9', 'ClusterIP')]), { node: 'n', source: 't' });
    assert.equal(rules.services[0]?.service, 'shop/web');
    assert.equal(rules.completeness, 'complete');
  });
  it('a cut document is reported, not guessed', () => {
    const text = JSON.stringify([realized('10.96.0.9', 'ClusterIP')], null, 2);
    const rules = decodeCilium(text.slice(0, text.length - 40), { node: 'n', source: 't' });
    assert.equal(rules.completeness, 'filtered');
    assert.equal(rules.services.length, 0);
    assert.ok(rules.warnings.length > 0);
  });
  it('HostPort frontends are pods\u2019 hostPorts, not Services: left out, said once', () => {
    const rules = decodeCilium(JSON.stringify([realized('0.0.0.0', 'HostPort'), realized('192.168.1.5', 'HostPort')], null, 2), { node: 'n', source: 't' });
    assert.equal(rules.services.length, 0);
    assert.equal(rules.warnings.filter((w) => /HostPort/.test(w.message)).length, 1);
  });
});

describe('what is reported', () => {
  const cases: { name: string; lines: string[]; warning: RegExp; completeness: string }[] = [
    { name: 'a backend numbered past a gap (a grep dropped lines)', lines: [HEADER, '1    10.96.0.50:80    ClusterIP      1 => 10.244.0.1:80 (active)', '                                      3 => 10.244.0.3:80 (active)'], warning: /backend 3 follows backend 1/, completeness: 'complete' },
    { name: 'a frontend that is not an address', lines: [HEADER, '1    my-service:80    ClusterIP      1 => 10.244.0.1:80 (active)'], warning: /not a Cilium frontend address/, completeness: 'filtered' },
    { name: 'a backend line with no row above it', lines: [HEADER, '        2 => 10.244.0.2:80 (active)'], warning: /no frontend row above/, completeness: 'complete' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rules = decode(c.lines);
      assert.ok(rules.warnings.some((w) => c.warning.test(w.message)), JSON.stringify(rules.warnings));
      assert.equal(rules.completeness, c.completeness);
    });
  }

  it('a backend gap leaves the shares unknown', () => {
    const rules = decode([HEADER, '1    10.96.0.50:80    ClusterIP      1 => 10.244.0.1:80 (active)', '                                      3 => 10.244.0.3:80 (active)']);
    assert.deepEqual(shares(rules.services[0]?.endpoints), [null, null]);
  });

  it('a grep without the header: the table and each backend list may be partial', () => {
    const rules = decode(['1    10.96.0.50:80    ClusterIP      1 => 10.244.0.1:80 (active)']);
    assert.equal(rules.completeness, 'filtered');
    assert.deepEqual(shares(rules.services[0]?.endpoints), [null]);
  });
});

describe('detectCiliumFormat', () => {
  const cases: [string, string][] = [
    ['[\n  {\n', 'json'],
    ['{"spec":{}}', 'json'],
    ['SERVICE ADDRESS   BACKEND ADDRESS', 'bpf-lb-list'],
    ['ID   Frontend   Service Type   Backend', 'service-list'],
    ['Frontend   Service Type   Backend', 'service-list'],
    ['4    10.96.95.246:80   ClusterIP      1 => 10.244.0.58:80 (active)', 'service-list'],
    ['10.96.0.1:443       172.18.0.3:6443 (1) (1)', 'bpf-lb-list'],
    ['10.43.212.93:8443    10.42.3.158:8443 (7)\n                     0.0.0.0:0 (7) [ClusterIP]', 'bpf-lb-list'],
  ];
  for (const [head, format] of cases) it(`${JSON.stringify(head.slice(0, 30))} -> ${format}`, () => assert.equal(detectCiliumFormat(head), format));
});

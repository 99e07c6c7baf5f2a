/**
 * What the decoder concludes from whole, filtered and combined dumps, scenario by scenario. Every
 * input is a golden dump (see dumps/README.md) or what a shell tool would make of one (grep, a
 * deleted block, two dumps pasted together, CRLF, `nft -a`).
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import type { NodeRules, ServicePortRules } from '../../../src/dataplane/types.ts';
import { lineChunks, type DumpPass } from '../../../src/kubeproxy/iptables/chunks.ts';
import { decodeNftables, decodeNftablesService } from '../../../src/kubeproxy/nftables/decode.ts';
import { parseNftDuration } from '../../../src/kubeproxy/nftables/text.ts';
import { dumpText } from './fixtures.ts';

const decode = (text: string, service?: string) => decodeNftables(text, { node: 'n', source: 'dump.nft', ...(service ? { service } : {}) });

function port(rules: NodeRules, service: string, family?: 'ipv4' | 'ipv6'): ServicePortRules {
  const found = rules.services.find((p) => p.service === service && (family === undefined || p.family === family));
  assert.ok(found, `${service} not decoded`);
  return found;
}

const grep = (text: string, ...patterns: string[]) =>
  text
    .split('\n')
    .filter((line) => patterns.some((pattern) => line.includes(pattern)))
    .join('\n');

describe('filtered dumps keep every visible fact', () => {
  it('grep of a listing: the balancing rule is there, the endpoint DNATs are not: shares known, addresses null', () => {
    const rules = decode(grep(dumpText('k3s-listing'), 'hellopod'));
    assert.equal(rules.completeness, 'filtered');
    const hello = port(rules, 'riset/hellopod-np-svc');
    assert.equal(hello.endpoints?.length, 9);
    for (const endpoint of hello.endpoints ?? []) {
      assert.deepEqual([endpoint.ip, endpoint.port], [null, null]);
      assert.ok(Math.abs((endpoint.share ?? 0) - 1 / 9) < 1e-12);
      assert.match(endpoint.chain ?? '', /^endpoint-[A-Z2-7]{8}-riset\/hellopod-np-svc\/tcp\/__10\.42\.\d+\.\d+\/8080$/);
    }
    assert.deepEqual(rules.warnings, []);
  });

  it('grep that keeps DNATs under the wrong chain header: they are refused, not attributed', () => {
    const rules = decode(grep(dumpText('k3s-listing'), 'hellopod', 'dnat to'));
    const hello = port(rules, 'riset/hellopod-np-svc');
    const addresses = (hello.endpoints ?? []).map((e) => e.ip);
    // Each hellopod endpoint chain keeps only a DNAT to its own address; the others were under other headers.
    for (const endpoint of hello.endpoints ?? []) if (endpoint.ip !== null) assert.ok(endpoint.chain?.endsWith(`__${endpoint.ip}/8080`));
    assert.ok(addresses.some((ip) => ip !== null), 'the DNAT right below its own header is kept');
    assert.ok(rules.warnings.some((w) => /is not a rule of endpoint-/.test(w.message)));
  });

  it('a sed/grep of the 1.36 listing: the grepped service has its endpoints, the others are unknown, never none', () => {
    const rules = decode(dumpText('minikube-grep'));
    assert.deepEqual(port(rules, 'ch40/web').endpoints?.map((e) => `${e.ip}:${e.port}`), ['10.244.0.9:8080', '10.244.1.7:8080', '10.244.1.8:8080']);
    assert.equal(port(rules, 'default/kubernetes').endpoints, null);
    assert.equal(port(rules, 'kube-system/kube-dns').endpoints, null);
  });

  it('a grep of the transaction form keeps the chain on every line', () => {
    const rules = decode(grep(dumpText('v1.35-test-overall'), 'svc4'));
    assert.equal(rules.completeness, 'filtered');
    assert.deepEqual(port(rules, 'ns4/svc4').endpoints?.map((e) => [e.ip, e.share]), [['10.180.0.4', 0.5], ['10.180.0.5', 0.5]]);
  });

  it('a rule line with no chain header above it is reported, not attributed', () => {
    const rules = decode('\t\tmeta l4proto tcp dnat to 10.42.0.171:53\n');
    assert.deepEqual(rules.services, []);
    assert.equal(rules.warnings.length, 1);
    assert.match(rules.warnings[0]?.message ?? '', /not inside a chain/);
  });
});

describe('complete dumps', () => {
  it('a jump to an endpoint chain the table lacks: the share is kept, the address is null, and it is reported', () => {
    const text = dumpText('v1.35-test-overall')
      .split('\n')
      .filter((line) => !/kube-proxy endpoint-UNZV3OEC/.test(line))
      .join('\n');
    const rules = decode(text);
    assert.equal(rules.completeness, 'complete');
    assert.deepEqual(port(rules, 'ns4/svc4').endpoints?.map((e) => [e.ip, e.port, e.share]), [[null, null, 0.5], ['10.180.0.5', 80, 0.5]]);
    assert.ok(rules.warnings.some((w) => w.message.includes('endpoint-UNZV3OEC') && w.message.includes('not defined')));
  });

  it('a service chain nothing leads to is stale: no service port, its endpoint chain an orphan', () => {
    const text = `${dumpText('v1.35-test-overall')}delete element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 }\n`;
    const rules = decode(text);
    assert.equal(rules.services.some((p) => p.service === 'ns1/svc1'), false);
    assert.deepEqual(rules.orphanEndpoints, [{ chain: 'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80', ip: '10.180.0.1', port: 80, service: 'ns1/svc1' }]);
  });

  it('a trimmed paste that keeps the table braces but not its base chains is filtered', () => {
    assert.equal(decode(dumpText('v1.36.2-pi-listing')).completeness, 'filtered');
    assert.equal(decode(dumpText('k3s-listing')).completeness, 'complete');
  });

  it('a transaction replays in order: a flushed chain has no endpoint left', () => {
    const text = `${dumpText('v1.35-test-overall')}flush chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80\n`;
    assert.deepEqual(port(decode(text), 'ns4/svc4').endpoints, []);
  });
});

describe('combined, decorated and other forms', () => {
  it('both families in one text: one entry per family, shares summing to 1 in each', () => {
    const rules = decode(`${dumpText('v1.29-knftables-test')}\n${dumpText('v1.31-ipv6-knftables-test')}`);
    assert.equal(rules.completeness, 'complete');
    const v4 = port(rules, 'ns1/svc1', 'ipv4');
    const v6 = port(rules, 'ns1/svc1', 'ipv6');
    assert.deepEqual(v4.endpoints?.map((e) => [e.ip, e.share]), [['10.180.0.1', 1]]);
    assert.deepEqual(v6.endpoints?.map((e) => [e.ip, e.share]), [['fd00:10:180::1', 0.5], ['fd00:10:180::2:1', 0.5]]);
    assert.deepEqual(decode(`${dumpText('v1.29-knftables-test')}\n${dumpText('v1.31-ipv6-knftables-test')}`, 'ns1/svc1').services, rules.services.filter((p) => p.service === 'ns1/svc1'));
  });

  it('nft list ruleset: tables of other owners are read past without a word', () => {
    const alone = decode(dumpText('k3s-listing'));
    const ruleset = decode(`${dumpText('iptables-nft-ruleset')}\t}\n}\n${dumpText('k3s-listing')}`);
    assert.deepEqual(ruleset.services, alone.services);
    assert.deepEqual(ruleset.warnings, []);
    assert.equal(ruleset.completeness, 'complete');
    assert.deepEqual(ruleset.routing, { shown: true });
  });

  it('CRLF line ends and nft -a handles change nothing', () => {
    let handle = 2;
    const decorated = dumpText('v1.36.2-pi-listing')
      .split('\n')
      .map((line) => (/[{]$|^\t\t[a-z]/.test(line) && !line.includes('elements') && !line.includes('type ') && !line.includes('comment "') ? `${line} # handle ${handle++}` : line))
      .join('\r\n');
    assert.ok(decorated.includes('# handle 2'));
    const plain = decode(dumpText('v1.36.2-pi-listing'));
    const read = decode(decorated);
    assert.deepEqual(read.services, plain.services);
    assert.deepEqual(read.warnings, []);
  });

  it('nft prints set timeouts as durations: 3h, 10800s and compound forms read the same', () => {
    assert.equal(parseNftDuration('3h'), 10800);
    assert.equal(parseNftDuration('10800s'), 10800);
    assert.equal(parseNftDuration('1d2h3m4s500ms'), 93784.5);
    assert.equal(parseNftDuration('3x'), null);
    assert.equal(parseNftDuration(''), null);
  });
});

describe('reading one service in chunks', () => {
  /** A pass over `text` in chunks of `size` bytes, so blocks and lines straddle chunk ends. */
  function chunked(text: string, size: number): DumpPass {
    const bytes = Buffer.from(text);
    return (from = 0, to = bytes.length) =>
      lineChunks(
        (() => {
          let position = from;
          return (into: Buffer, offset: number, length: number) => {
            const count = bytes.copy(into, offset, position, Math.min(to, position + length));
            position += count;
            return count;
          };
        })(),
        from,
        size,
      );
  }

  for (const name of ['k3s-listing', 'v1.35-test-overall', 'v1.36-test-overall', 'minikube-grep']) {
    it(`${name}: any chunk size finds what the whole read finds`, () => {
      const text = dumpText(name);
      const whole = decode(text);
      for (const size of [64, 257, 4096]) {
        for (const service of new Set(whole.services.map((p) => p.service ?? ''))) {
          const alone = decodeNftablesService(chunked(text, size), { node: 'n', source: 'dump.nft', service });
          assert.deepEqual(alone.services, whole.services.filter((p) => p.service === service), `${service} at ${size}`);
          assert.equal(alone.completeness, whole.completeness, `${service} at ${size}`);
        }
      }
    });
  }

  it('a service without endpoints reads the cluster-ips set to tell its cluster IP', () => {
    const rules = decode(dumpText('k3s-listing'), 'riset/otelcol-opentelemetry-collector');
    assert.deepEqual(rules.services.map((p) => p.frontends), [
      [{ type: 'clusterIP', ip: '10.43.21.102', port: 4317 }],
      [{ type: 'clusterIP', ip: '10.43.21.102', port: 4318 }],
    ]);
  });

  it('warnings point at the dump lines, in chunked reads too', () => {
    const text = `${dumpText('k3s-listing')}\tchain service-2QRHZV4L-default/kubernetes/tcp/https {\n\t\tmeta l4proto tcp frobnicate\n\t}\n`;
    const line = text.split('\n').findIndex((l) => l.includes('frobnicate')) + 1;
    for (const rules of [decode(text), decodeNftablesService(chunked(text, 128), { node: 'n', source: 'x', service: 'default/kubernetes' })]) {
      assert.deepEqual(rules.warnings.map((w) => w.line), [line]);
    }
  });
});

describe('nft -a listings', () => {
  it('handles after rules and headers change nothing, whole or read for one service', () => {
    let handle = 2;
    const text = dumpText('k3s-listing')
      .split('\n')
      .map((line) => (/\{$|^\s+(jump|goto|ip |meta l4proto|numgen|ct )/.test(line) ? `${line} # handle ${handle++}` : line))
      .join('\n');
    assert.ok(text.includes('jump services # handle'));
    const plain = decode(dumpText('k3s-listing'));
    const handled = decode(text);
    assert.deepEqual(handled.services, plain.services);
    assert.equal(handled.completeness, 'complete');
    const one = decode(text, 'riset/hellopod-np-svc');
    assert.deepEqual(one.services, plain.services.filter((p) => p.service === 'riset/hellopod-np-svc'));
    assert.equal(one.completeness, 'complete');
  });
});

describe('session affinity in nft list form', () => {
  // svc5 of v1.36-test-overall.nft as `nft list` prints a dynamic set: the kernel's `size 65535`
  // and the timeout as a duration (the form of the session-affinity listing quoted in kubernetes
  // PR #123168).
  const listing = [
    'table ip kube-proxy {',
    '\tset affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 {',
    '\t\ttype ipv4_addr',
    '\t\tsize 65535',
    '\t\tflags dynamic,timeout',
    '\t\ttimeout 3h',
    '\t}',
    '\tchain service-HVFWP5L3-ns5/svc5/tcp/p80 {',
    '\t\tip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80',
    '\t\tnumgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }',
    '\t}',
    '\tchain endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 {',
    '\t\tupdate @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }',
    '\t\tmeta l4proto tcp dnat to 10.180.0.3:80',
    '\t}',
    '}',
  ].join('\n');

  it('reads the affinity timeout from the set, and the endpoint through its chain', () => {
    const svc5 = port(decode(listing), 'ns5/svc5');
    assert.equal(svc5.affinitySeconds, 10800);
    assert.deepEqual(svc5.endpoints?.map((e) => [e.ip, e.port, e.share]), [['10.180.0.3', 80, 1]]);
    assert.deepEqual(decode(listing, 'ns5/svc5').services, [svc5]);
  });
});

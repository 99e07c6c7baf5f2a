/**
 * Whatever text they are given, the ipvsadm and Cilium decoders and the mode reader return an
 * answer that holds together: no throw, shares in [0, 1] summing to at most 1 per list, warnings
 * on real lines and free of control bytes, a frontend filter reading what the whole decode picks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeCilium } from '../../src/cilium/decode.ts';
import { routingVisibility } from '../../src/dataplane/mode.ts';
import type { NodeRules } from '../../src/dataplane/types.ts';
import { decodeIpvsadm } from '../../src/kubeproxy/ipvs/decode.ts';

type Decoder = (text: string, frontends?: { ip: string | null; port: number | null }[]) => NodeRules;

const decoders: [string, Decoder][] = [
  ['ipvsadm', (text, frontends) => decodeIpvsadm(text, { node: 'n', source: 'fuzz', ...(frontends ? { frontends } : {}) })],
  ['cilium', (text, frontends) => decodeCilium(text, { node: 'n', source: 'fuzz', ...(frontends ? { frontends } : {}) })],
];

/** C0 controls other than tab, DEL and C1 controls, bidirectional overrides. */
function unsafe(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 32 && code !== 9) || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

function checkInvariants(text: string, rules: NodeRules): void {
  const lines = text.split('\n').length;
  for (const entry of rules.services) {
    for (const list of [entry.endpoints, entry.localEndpoints]) {
      if (list === null) continue;
      let sum = 0;
      for (const endpoint of list) {
        if (endpoint.share === null) continue;
        assert.ok(endpoint.share >= 0 && endpoint.share <= 1, `share ${endpoint.share}`);
        sum += endpoint.share;
      }
      assert.ok(sum <= 1 + 1e-9, `shares sum to ${sum}`);
    }
    for (const frontend of entry.frontends) assert.ok(frontend.port >= 0 && frontend.port <= 65535);
  }
  for (const warning of rules.warnings) {
    assert.ok(warning.line >= 1 && warning.line <= lines, `warning at line ${warning.line} of ${lines}`);
    assert.ok(!unsafe(warning.message), `control byte in ${JSON.stringify(warning.message)}`);
  }
  JSON.stringify(rules);
}

const FRAGMENTS = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  'TCP  10.0.0.1:80 rr',
  'UDP  10.0.0.1:53 wrr persistent 60',
  'TCP  [fd00::1]:80 lc',
  'FWM  3 rr',
  '  -> 10.1.0.1:80                 Masq    1      0          0',
  '  -> 10.1.0.2:80                 Masq    0      4          1',
  '  -> [fd00::2]:80                Route   2      0          0',
  '-A -t 10.0.0.1:80 -s rr -p 10800',
  '-a -t 10.0.0.1:80 -r 10.1.0.3:80 -m -w 1',
  'ID   Frontend          Service Type   Backend',
  'Frontend   Service Type   Backend',
  '1    10.0.0.1:80/TCP   ClusterIP      1 => 10.1.0.1:80/TCP (active)',
  '2    10.0.0.1:80/TCP/i   NodePort      1 => 10.1.0.2:80/TCP (terminating)',
  '                                      2 => 10.1.0.2:80 (maintenance)',
  '                                      3 => 10.1.0.3:80 (quarantined) (preferred)',
  'SERVICE ADDRESS     BACKEND ADDRESS (REVNAT_ID) (SLOT)',
  '10.0.0.1:80         10.1.0.1:80 (1) (1)',
  '                    0.0.0.0:0 (1) (0) [ClusterIP, Local, l7-load-balancer]',
  '                    backend 9 not found',
  '[\n  {\n    "status": {"realized": {"frontend-address": {"ip": "10.0.0.1", "port": 80}, "backend-addresses": [{"ip": "10.1.0.1", "port": 80, "state": "active"}]}}\n  }\n]',
  '--',
  '',
  '\u001b[31m',
  '10.0.0.1:80',
  '=>',
];

const structured = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 30 })), { maxLength: 25 }).map((lines) => lines.join('\n'));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), structured);

for (const [name, decode] of decoders) {
  test(`${name}: no input text breaks the decoder`, { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkInvariants(text, decode(text));
        checkInvariants(text, decode(text, [{ ip: '10.0.0.1', port: 80 }]));
      }),
      { numRuns: 400 },
    );
  });

  test(`${name}: decoding one frontend reads what decoding everything picks`, { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(structured, (text) => {
        const whole = decode(text);
        if (whole.warnings.length > 0) return; // a skipped line may hide a frontend from the filter's byte search
        for (const frontend of whole.services.flatMap((entry) => entry.frontends)) {
          const alone = decode(text, [{ ip: frontend.ip, port: frontend.port }]);
          const expected = whole.services.filter((entry) => entry.frontends.some((f) => f.ip === frontend.ip && f.port === frontend.port));
          assert.deepEqual(alone.services, expected);
        }
      }),
      { numRuns: 300 },
    );
  });
}

test('routingVisibility: any text gives a visibility with a command when routing is hidden', { timeout: 600_000 }, () => {
  const iptables = fc.array(fc.constantFrom('*nat', 'COMMIT', ':KUBE-SERVICES - [0:0]', '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT', ':CILIUM_POST_nat - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]', ':KUBE-SVC-AAAA - [0:0]', '# c'), { maxLength: 12 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), iptables), (text) => {
      const visibility = routingVisibility(text);
      if (!visibility.shown) assert.ok(visibility.command.length > 0 && visibility.evidence.length > 0);
    }),
    { numRuns: 500 },
  );
});

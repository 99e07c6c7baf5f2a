/** One rule line, in every form kube-proxy rules are printed in. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRule, type Rule } from '../../src/kubeproxy/iptables/rule.ts';
import { tokenize } from '../../src/kubeproxy/iptables/tokenize.ts';
import { parseServiceComment } from '../../src/kubeproxy/serviceComment.ts';
import { parseHostPort } from '../../src/kubeproxy/hostPort.ts';

function rule(line: string): Rule {
  const parsed = parseRule(line, 0, line.length);
  assert.equal(parsed.error, undefined, parsed.error);
  return parsed.rule as Rule;
}

function warning(line: string): string {
  const parsed = parseRule(line, 0, line.length);
  assert.ok(parsed.error !== undefined, 'expected a warning');
  return parsed.error;
}

test('words split on runs of blanks; quotes group them; backslashes escape', () => {
  assert.deepEqual(tokenize('-A  X\t-m comment --comment "a b"  -j Y'), ['-A', 'X', '-m', 'comment', '--comment', 'a b', '-j', 'Y']);
  assert.deepEqual(tokenize(`--comment 'single quoted' x"y z"`), ['--comment', 'single quoted', 'xy z']);
  assert.deepEqual(tokenize('--comment "say \\"hi\\""'), ['--comment', 'say "hi"']);
  assert.equal(tokenize('--comment "never closed'), null);
});

test('iptables-save argument order: -d/-p first, then modules', () => {
  const r = rule('-A KUBE-SERVICES -d 10.96.176.157/32 -p tcp -m comment --comment "default/readiness-deployment cluster IP" -m tcp --dport 80 -j KUBE-SVC-IKYJPMLCKWKD4GAR');
  assert.equal(r.chain, 'KUBE-SERVICES');
  assert.deepEqual(r.destination, { address: '10.96.176.157', negated: false });
  assert.equal(r.protocol, 'tcp');
  assert.equal(r.dport, 80);
  assert.equal(r.comment, 'default/readiness-deployment cluster IP');
  assert.equal(r.target, 'KUBE-SVC-IKYJPMLCKWKD4GAR');
});

test("kube-proxy's restore-input order reads the same", () => {
  const r = rule('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O');
  assert.deepEqual([r.destination?.address, r.protocol, r.dport, r.comment], ['172.30.0.41', 'tcp', 80, 'ns1/svc1:p80 cluster IP']);
});

test('negation applies to the option after the "!"', () => {
  const r = rule('-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-MARK-MASQ');
  assert.deepEqual(r.source, { address: '10.244.0.0/16', negated: true });
  assert.deepEqual(r.destination, { address: '10.96.0.1', negated: false });
  const local = rule('-A KUBE-EXT-X -m addrtype ! --src-type LOCAL -j KUBE-SVC-X');
  assert.deepEqual(local.srcType, { address: 'LOCAL', negated: true });
});

test('unquoted one-word comments, as kube-proxy writes them for endpoint chains', () => {
  const r = rule('-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80');
  assert.equal(r.comment, 'ns1/svc1:p80');
  assert.equal(r.toDestination, '10.180.0.1:80');
});

test('statistic probability as printed after kernel rounding', () => {
  assert.equal(rule('-A KUBE-SVC-X -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A').probability, 0.33333333349);
});

test('session affinity in kube-proxy order and in iptables-save order', () => {
  const restore = rule('-A KUBE-SVC-X -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A');
  const saved = rule('-A KUBE-SVC-X -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-A --mask 255.255.255.255 --rsource -j KUBE-SEP-A');
  for (const r of [restore, saved]) assert.deepEqual(r.recent, { mode: 'rcheck', name: 'KUBE-SEP-A', seconds: 10800 });
  assert.equal(rule('-A KUBE-SEP-A -m recent --set --name KUBE-SEP-A --mask 255.255.255.255 --rsource -m tcp -p tcp -j DNAT --to-destination 10.0.0.1:80').recent?.mode, 'set');
});

test('IPv6: /128 host suffix is dropped, DNAT targets keep their brackets', () => {
  const r = rule('-A KUBE-SEP-A -s fd00:10:244:1::5/128 -p tcp -m tcp -j DNAT --to-destination [fd00:10:244:1::5]:8080');
  assert.equal(r.source?.address, 'fd00:10:244:1::5');
  assert.deepEqual(parseHostPort(r.toDestination ?? ''), { ip: 'fd00:10:244:1::5', port: 8080 });
});

test('counters: an [packets:bytes] prefix and -c pairs are skipped', () => {
  assert.equal(rule('[12:720] -A KUBE-SVC-X -m comment --comment "a/b -> 10.0.0.1:80" -j KUBE-SEP-A').target, 'KUBE-SEP-A');
  assert.equal(rule('-A KUBE-SVC-X -m comment --comment "a/b" -c 9 540 -j KUBE-SEP-A').target, 'KUBE-SEP-A');
});

test('options the decoder does not read are skipped with their values', () => {
  const r = rule('-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -m physdev ! --physdev-is-in -j KUBE-EXT-X');
  assert.equal(r.target, 'KUBE-EXT-X');
  assert.equal(rule('-A KUBE-SERVICES -d 10.96.9.1/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable').target, 'REJECT');
});

test("kube-proxy's target-less firewall rule has no target", () => {
  assert.equal(rule('-A KUBE-FW-X -m comment --comment "other traffic to a/b:p will be dropped by KUBE-PROXY-FIREWALL"').target, null);
});

test('lines that cannot be trusted are reported, not guessed', () => {
  assert.match(warning('-A KUBE-SVC-X -m comment --comment "a/b -> 10.0.0.1:80 -j KUBE-SEP-A'), /unclosed quote/);
  assert.match(warning('-A KUBE-SVC-X -m statistic --mode random --probability 1.5 -j KUBE-SEP-A'), /probability/);
  assert.match(warning('-A KUBE-SERVICES -p tcp --dport eighty -j KUBE-SVC-X'), /--dport/);
  assert.match(warning('-A KUBE-SEP-A -p tcp -j DNAT --to-destination 10.0.'), /--to-destination/);
  assert.match(warning('-A KUBE-SEP-A -p tcp stray -j DNAT'), /unexpected word/);
  assert.match(warning('-A'), /without a chain/);
  assert.match(warning('-A KUBE-SVC-X -j'), /-j without a value/);
});

test('service comments: name, port, and what the rule is for', () => {
  assert.deepEqual(parseServiceComment('default/readiness-deployment cluster IP'), {
    service: 'default/readiness-deployment',
    port: '',
    servicePortName: 'default/readiness-deployment',
    kind: 'clusterIP',
    endpoint: null,
  });
  assert.equal(parseServiceComment('default/nginx: loadbalancer IP')?.port, '');
  assert.equal(parseServiceComment('default/nginx: loadbalancer IP')?.servicePortName, 'default/nginx:');
  assert.equal(parseServiceComment('ns/svc:p80 has no local endpoints')?.kind, 'noLocalEndpoints');
  assert.deepEqual(
    [parseServiceComment('ns/svc:p80 -> [fd00::1]:80')?.kind, parseServiceComment('ns/svc:p80 -> [fd00::1]:80')?.endpoint],
    ['endpoint', '[fd00::1]:80'],
  );
  assert.equal(parseServiceComment('masquerade traffic for ns/svc:p80 external destinations')?.service, 'ns/svc');
  assert.equal(parseServiceComment('Balancing rule 0 for default/nginx:')?.service, 'default/nginx');
  assert.equal(parseServiceComment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), null);
  assert.equal(parseServiceComment('Redirect pods trying to reach external loadbalancer VIP to clusterIP'), null);
});

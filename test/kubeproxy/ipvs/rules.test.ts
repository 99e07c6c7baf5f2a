/**
 * One table per rule of the ipvsadm decoder: column layouts (ipvsadm.c print_title and
 * print_service_entry, 1.31), scheduler shares (net/netfilter/ipvs/ip_vs_*.c), the rule form, and
 * what is reported and skipped. Lines are written the way those printf formats print them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServicePortRules } from '../../../src/dataplane/types.ts';
import { decodeIpvsadm } from '../../../src/kubeproxy/ipvs/decode.ts';

const TITLE = ['Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];

function decode(lines: string[]) {
  return decodeIpvsadm(lines.join('\n'), { node: 'n', source: 'test' });
}

function shares(entry: ServicePortRules | undefined): (number | null)[] | null {
  return entry?.endpoints?.map((endpoint) => (endpoint.share === null ? null : Math.round(endpoint.share * 1e6) / 1e6)) ?? null;
}

describe('scheduler shares: weight 0 is quiescent everywhere; rr is 1/n of the rest; wrr follows weights; the others decide by load or hash', () => {
  const cases: { name: string; service: string; weights: number[]; expected: (number | null)[] }[] = [
    { name: 'rr spreads evenly over weight > 0 whatever the weight', service: 'TCP  10.0.0.1:80 rr', weights: [1, 5, 0], expected: [0.5, 0.5, 0] },
    { name: 'rr with every weight 0 routes nothing ("no destination available")', service: 'TCP  10.0.0.1:80 rr', weights: [0, 0], expected: [0, 0] },
    { name: 'wrr gives weight / sum of weights', service: 'TCP  10.0.0.1:80 wrr', weights: [1, 3, 0], expected: [0.25, 0.75, 0] },
    { name: 'lc decides by connections: unknown, but weight 0 gets none', service: 'TCP  10.0.0.1:80 lc', weights: [1, 1, 0], expected: [null, null, 0] },
    { name: 'wlc decides by connections and weight', service: 'TCP  10.0.0.1:80 wlc', weights: [1, 2], expected: [null, null] },
    { name: 'sh hashes the client address', service: 'TCP  10.0.0.1:80 sh (sh-fallback,sh-port)', weights: [1, 1], expected: [null, null] },
    { name: 'mh (kube-proxy sets its fallback flag) hashes too', service: 'TCP  10.0.0.1:80 mh (mh-fallback)', weights: [1, 1], expected: [null, null] },
    { name: 'persistence does not change the share of new clients', service: 'TCP  10.0.0.1:80 rr persistent 10800', weights: [1, 1], expected: [0.5, 0.5] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const reals = c.weights.map((weight, i) => `  -> 10.1.0.${i + 1}:8080              Masq    ${weight}      0          0`);
      const entry = decode([...TITLE, c.service, ...reals]).services[0];
      assert.deepEqual(shares(entry), c.expected);
      assert.equal(entry?.scheduler, c.service.split(/\s+/)[2]);
    });
  }
});

describe('column layouts: weights are read only where the title says the column is one', () => {
  const cases: { name: string; title: string[]; lines: string[]; weight: number | undefined; connections: { active: number; inactive: number } | undefined; scheduler: string | undefined }[] = [
    {
      name: '--persistent-conn prints the weight first',
      title: ['Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ', '  -> RemoteAddress:Port'],
      lines: ['TCP  10.0.0.1:80 rr persistent 60', '  -> 10.1.0.1:8080                 1         2           3          4         '],
      weight: 1,
      connections: { active: 3, inactive: 4 },
      scheduler: 'rr',
    },
    {
      name: '--thresholds prints no weight',
      title: ['Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ', '  -> RemoteAddress:Port'],
      lines: ['TCP  10.0.0.1:80 rr', '  -> 10.1.0.1:8080                 0          0          5          6         '],
      weight: undefined,
      connections: { active: 5, inactive: 6 },
      scheduler: 'rr',
    },
    {
      name: '--rate prints counters instead of the scheduler',
      title: ['Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS', '  -> RemoteAddress:Port'],
      lines: ['TCP  10.0.0.1:80                        1       20       10     2400    12000', '  -> 10.1.0.1:8080                        1       20       10     2400    12000'],
      weight: undefined,
      connections: undefined,
      scheduler: undefined,
    },
    {
      name: '--tun-info adds a tunnel column before the weight',
      title: ['Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn'],
      lines: ['TCP  10.0.0.1:80 rr', '  -> 10.1.0.1:8080                 Tunnel  ipip          2      7          8'],
      weight: 2,
      connections: { active: 7, inactive: 8 },
      scheduler: 'rr',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const entry = decode([...c.title, ...c.lines]).services[0];
      const endpoint = entry?.endpoints?.[0];
      assert.equal(endpoint?.weight, c.weight);
      assert.deepEqual(endpoint?.connections, c.connections);
      assert.equal(entry?.scheduler, c.scheduler);
      if (c.weight === undefined) assert.equal(endpoint?.share, null);
    });
  }
});

describe('virtual services: protocols, IPv6, persistence', () => {
  const cases: { name: string; line: string; protocol: string; ip: string; port: number; affinity: number | null }[] = [
    { name: 'UDP', line: 'UDP  10.96.0.10:53 rr', protocol: 'udp', ip: '10.96.0.10', port: 53, affinity: null },
    { name: 'SCTP (ipvsadm 1.29+ "%-4s %s")', line: 'SCTP 10.96.0.20:9999 rr', protocol: 'sctp', ip: '10.96.0.20', port: 9999, affinity: null },
    { name: 'bracketed IPv6, canonical form', line: 'TCP  [FD00:0:0:0::0001]:80 rr', protocol: 'tcp', ip: 'fd00::1', port: 80, affinity: null },
    { name: 'persistent N with a netmask', line: 'TCP  10.0.0.1:443 rr persistent 10800 mask 255.255.255.0', protocol: 'tcp', ip: '10.0.0.1', port: 443, affinity: 10800 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const entry = decode([...TITLE, c.line]).services[0];
      assert.equal(entry?.protocol, c.protocol);
      assert.deepEqual(entry?.frontends, [{ type: 'unknown', ip: c.ip, port: c.port }]);
      assert.equal(entry?.affinitySeconds, c.affinity);
      assert.deepEqual(entry?.endpoints, [], 'a whole listing shows the service has no real server');
    });
  }
});

describe('the rule form (ipvsadm -Sn)', () => {
  const cases: { name: string; lines: string[]; expect: (entries: ServicePortRules[]) => void }[] = [
    {
      name: 'UDP, SCTP and IPv6 services',
      lines: ['-A -u 10.96.0.10:53 -s rr', '-A --sctp-service 10.96.0.20:9999 -s wrr', '-A -t [fd00::10]:80 -s rr'],
      expect: (entries) => assert.deepEqual(entries.map((e) => `${e.protocol} ${e.frontends[0]?.ip}`), ['udp 10.96.0.10', 'sctp 10.96.0.20', 'tcp fd00::10']),
    },
    {
      name: 'forward methods -m, -g, -i and weights',
      lines: ['-A -t 10.0.0.1:80 -s wrr', '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1', '-a -t 10.0.0.1:80 -r 10.1.0.2:80 -g -w 2', '-a -t 10.0.0.1:80 -r 10.1.0.3:80 -i -w 1'],
      expect: ([entry]) => {
        assert.deepEqual(entry?.endpoints?.map((e) => e.forward), ['Masq', 'Route', 'Tunnel']);
        assert.deepEqual(shares(entry), [0.25, 0.5, 0.25]);
      },
    },
    {
      name: 'long option names',
      lines: ['--add-service --tcp-service 10.0.0.1:80 --scheduler rr --persistent 60', '--add-server --tcp-service 10.0.0.1:80 --real-server 10.1.0.1:80 --masquerading --weight 1'],
      expect: ([entry]) => {
        assert.equal(entry?.affinitySeconds, 60);
        assert.deepEqual(shares(entry), [1]);
      },
    },
    {
      name: 'real servers without their -A line: the list may be partial',
      lines: ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1'],
      expect: ([entry]) => {
        assert.deepEqual(shares(entry), [null]);
        assert.equal(entry?.scheduler, undefined);
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rules = decode(c.lines);
      c.expect(rules.services);
      assert.equal(rules.completeness, 'filtered', 'the rule form has no header that says the table is whole');
      assert.deepEqual(rules.warnings, []);
    });
  }
});

describe('what is reported and skipped', () => {
  const cases: { name: string; lines: string[]; warning: RegExp; services: number }[] = [
    { name: 'a firewall-mark service and its real servers', lines: [...TITLE, 'FWM  5 rr', '  -> 10.1.0.1:0                  Route   1      0          0'], warning: /firewall-mark virtual service "5"/, services: 0 },
    { name: 'a firewall-mark rule', lines: ['-A -f 5 -s rr'], warning: /firewall-mark virtual service "5"/, services: 0 },
    { name: 'a real server line with no service above it', lines: [...TITLE, '  -> 10.1.0.1:80                 Masq    1      0          0'], warning: /no virtual service line above/, services: 0 },
    { name: 'a service listed twice: the later listing is read', lines: [...TITLE, 'TCP  10.0.0.1:80 rr', 'TCP  10.0.0.1:80 wrr'], warning: /listed again/, services: 1 },
    { name: 'a port name (ipvsadm without -n)', lines: [...TITLE, 'TCP  10.0.0.1:http rr'], warning: /not a numeric address:port/, services: 0 },
    { name: 'an unknown forward method', lines: [...TITLE, 'TCP  10.0.0.1:80 rr', '  -> 10.1.0.1:80                 Bridge  1      0          0'], warning: /forward method "Bridge"/, services: 1 },
    { name: 'text that is not ipvsadm output', lines: ['hello world'], warning: /not an ipvsadm line/, services: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rules = decode(c.lines);
      assert.equal(rules.services.length, c.services);
      assert.ok(rules.warnings.some((w) => c.warning.test(w.message)), JSON.stringify(rules.warnings));
    });
  }

  it('a skipped real server makes its service partial: shares unknown except weight 0', () => {
    const entry = decode([...TITLE, 'TCP  10.0.0.1:80 rr', '  -> 10.1.0.1:80                 Masq    1      0          0', '  -> host-b:80                   Masq    1      0          0']).services[0];
    assert.deepEqual(shares(entry), [null]);
  });

  it('a grep without the title lines: the real servers seen may not be all of them', () => {
    const entry = decode(['TCP  10.0.0.1:80 rr', '  -> 10.1.0.1:80                 Masq    1      0          0', '  -> 10.1.0.2:80                 Masq    0      0          4']).services[0];
    assert.deepEqual(shares(entry), [null, 0]);
  });
});

describe('the two dump forms agree', () => {
  it('ipvsadm -Ln and ipvsadm -Sn of one table decode to the same services and shares', async () => {
    const { readFileSync } = await import('node:fs');
    const read = (name: string) => readFileSync(new URL(`./dumps/${name}`, import.meta.url), 'utf8');
    const strip = (entries: ServicePortRules[]) =>
      entries.map((entry) => ({ ...entry, endpoints: entry.endpoints?.map(({ ip, port, share, weight }) => ({ ip, port, share, weight })) ?? null }));
    const listing = decodeIpvsadm(read('affinity-listing.txt'), { node: 'n', source: 'l' });
    const save = decodeIpvsadm(read('affinity-save.txt'), { node: 'n', source: 's' });
    assert.deepEqual(strip(save.services), strip(listing.services));
  });
});

/**
 * Writes a large, realistic `nft list ruleset` of one node for the nftables `rules --service`
 * benchmark: kube-proxy's `table ip kube-proxy` in the 1.30-1.35 layout (the one with the most
 * lines: a chain per endpoint) as `nft list` prints it (tabs, blank lines between objects,
 * elements wrapped one per line), with ClusterIP, NodePort, LoadBalancer with
 * externalTrafficPolicy=Local (external- and local- chains), ClientIP affinity (affinity sets),
 * loadBalancerSourceRanges (firewall- chains), no-endpoint and multi-port services; a
 * `table ip6 kube-proxy` for the dual-stack ones; and an iptables-nft `table ip filter` of
 * Calico-style policy chains up to the line count asked. Rule shapes follow
 * pkg/proxy/nftables/proxier.go syncProxyRules (see src/kubeproxy/nftables/).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { hashAndTruncate } from '../src/kubeproxy/hash.ts';
import type { GeneratedDump } from './generate-dump.ts';
import { pickWeighted, random } from './random.ts';

/** As for iptables; the sample service is a LoadBalancer with externalTrafficPolicy=Local. */
export type GeneratedNftDump = GeneratedDump;

type Kind = 'clusterIP' | 'nodePort' | 'lbLocal' | 'affinity' | 'multiPort' | 'noEndpoints' | 'firewall';

const KINDS: readonly [Kind, number][] = [
  ['clusterIP', 0.55],
  ['nodePort', 0.15],
  ['lbLocal', 0.1],
  ['affinity', 0.05],
  ['multiPort', 0.05],
  ['noEndpoints', 0.05],
  ['firewall', 0.05],
];

interface Port {
  service: string;
  name: string;
  proto: 'tcp' | 'udp';
  port: number;
  /** `ns/name/proto/port`, the input of kube-proxy's hashAndTruncate. */
  spn: string;
  /** hashAndTruncate(spn). */
  base: string;
  clusterIP: string;
}

/** One family's kube-proxy table, gathered before it is printed (maps first, as nft does). */
class Table {
  readonly serviceIPs: string[] = [];
  readonly nodePorts: string[] = [];
  readonly firewallIPs: string[] = [];
  readonly noEndpoints: string[] = [];
  readonly clusterIPs: string[] = [];
  readonly sets: string[] = [];
  readonly chains: string[] = [];
  readonly written = new Set<string>();
  constructor(readonly family: 'ip' | 'ip6') {}
}

function chain(name: string, rules: string[]): string {
  return `\tchain ${name} {\n${rules.map((rule) => `\t\t${rule}\n`).join('')}\t}\n`;
}

function address(table: Table, v4: string): string {
  return table.family === 'ip' ? v4 : `fd00:${v4.split('.').map((part) => Number(part).toString(16)).join(':')}`;
}

function endpointChains(table: Table, p: Port, eps: string[], affinity: boolean): string[] {
  return eps.map((ep) => {
    const [ip = '', port = ''] = ep.split('|');
    const endpointIP = ip.includes(':') ? ip.replaceAll(':', '.') : ip;
    const base = hashAndTruncate(`${p.spn}__${endpointIP}/${port}`);
    const name = `endpoint-${base}`;
    if (table.written.has(name)) return name;
    table.written.add(name);
    const rules = [`${table.family} saddr ${ip} jump mark-for-masquerade`];
    if (affinity) {
      table.sets.push(`\tset affinity-${base} {\n\t\ttype ${table.family === 'ip' ? 'ipv4_addr' : 'ipv6_addr'}\n\t\tsize 65535\n\t\tflags dynamic,timeout\n\t\ttimeout 3h\n\t}\n`);
      rules.push(`update @affinity-${base} { ${table.family} saddr }`);
    }
    rules.push(`meta l4proto ${p.proto} dnat to ${ip.includes(':') ? `[${ip}]` : ip}:${port}`);
    table.chains.push(chain(name, rules));
    return name;
  });
}

function balancing(table: Table, p: Port, chainName: string, eps: string[], affinity: boolean, masquerade: boolean): void {
  const names = endpointChains(table, p, eps, affinity);
  const rules = masquerade ? [`${table.family} daddr ${p.clusterIP} ${table.family} saddr != ${table.family === 'ip' ? '10.244.0.0/16' : 'fd00:10:244::/64'} jump mark-for-masquerade`] : [];
  if (affinity) names.forEach((name) => rules.push(`${table.family} saddr @affinity-${name.slice(9)} goto ${name}`));
  rules.push(`numgen random mod ${names.length} vmap { ${names.map((name, i) => `${i} : goto ${name}`).join(', ')} }`);
  table.chains.push(chain(chainName, rules));
}

function writePort(table: Table, p: Port, kind: Kind, eps: string[], local: string[], nodePort: number): void {
  const key = `${p.clusterIP} . ${p.proto} . ${p.port}`;
  table.clusterIPs.push(p.clusterIP);
  if (eps.length === 0) {
    table.noEndpoints.push(`${key} comment "${p.service}${p.name === '' ? '' : `:${p.name}`}" : goto reject-chain`);
    return;
  }
  const service = `service-${p.base}`;
  table.serviceIPs.push(`${key} : goto ${service}`);
  balancing(table, p, service, eps, kind === 'affinity', true);
  if (kind !== 'nodePort' && kind !== 'lbLocal' && kind !== 'firewall') return;
  const external = `external-${p.base}`;
  table.nodePorts.push(`${p.proto} . ${nodePort} : goto ${external}`);
  const lbIP = address(table, `203.0.${(nodePort >> 8) & 255}.${nodePort & 255}`);
  if (kind === 'nodePort') {
    table.chains.push(chain(external, ['jump mark-for-masquerade', `goto ${service}`]));
    return;
  }
  table.serviceIPs.push(`${lbIP} . ${p.proto} . ${p.port} : goto ${external}`);
  if (kind === 'firewall') {
    table.firewallIPs.push(`${lbIP} . ${p.proto} . ${p.port} : goto firewall-${p.base}`);
    table.chains.push(chain(`firewall-${p.base}`, [`${table.family} saddr != { 198.51.100.0/24 } drop`]));
    table.chains.push(chain(external, ['jump mark-for-masquerade', `goto ${service}`]));
    return;
  }
  const rules = [
    `${table.family} saddr ${table.family === 'ip' ? '10.244.0.0/16' : 'fd00:10:244::/64'} goto ${service} comment "short-circuit pod traffic"`,
    'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"',
    `fib saddr type local goto ${service} comment "short-circuit local traffic"`,
  ];
  if (local.length > 0) {
    rules.push(`goto local-${p.base}`);
    balancing(table, p, `local-${p.base}`, local, false, false);
  } else {
    table.noEndpoints.push(`${lbIP} . ${p.proto} . ${p.port} comment "${p.service}${p.name === '' ? '' : `:${p.name}`}" : drop`);
  }
  table.chains.push(chain(external, rules));
}

/** One service in both tables when dual-stack; returns its name and how many endpoints it got. */
function writeService(tables: Table[], i: number, next: () => number, kind: Kind): { service: string; endpoints: number } {
  const service = `ns-${i % 97}/${i % 3 === 0 ? 'payments-api' : 'svc'}-${i}`;
  const ports =
    kind === 'multiPort'
      ? [{ name: 'dns', proto: 'udp' as const, port: 53 }, { name: 'dns-tcp', proto: 'tcp' as const, port: 53 }]
      : [{ name: next() < 0.5 ? 'http' : '', proto: 'tcp' as const, port: 80 }];
  const count = kind === 'noEndpoints' ? 0 : 1 + Math.floor(next() * 12);
  const eps = Array.from({ length: count }, () => `10.244.${Math.floor(next() * 64)}.${2 + Math.floor(next() * 250)}|8080`);
  const local = eps.filter(() => next() < 0.15);
  let endpoints = 0;
  for (const table of tables) {
    const fam = (ep: string) => `${address(table, ep.split('|')[0] ?? '')}|8080`;
    ports.forEach((port, k) => {
      const spn = `${service}/${port.proto}/${port.name}`;
      const clusterIP = address(table, `10.96.${(i >> 8) & 255}.${i & 255}`);
      writePort(table, { service, ...port, spn, base: hashAndTruncate(spn), clusterIP }, kind, eps.map(fam), local.map(fam), 30000 + ((i * 2 + k) % 2767));
      endpoints += eps.length;
    });
  }
  return { service, endpoints };
}

function elements(list: string[]): string {
  return list.length === 0 ? '' : `\t\telements = { ${list.join(',\n\t\t\t     ')} }\n`;
}

function printTable(write: (text: string) => void, table: Table): void {
  const addr = table.family === 'ip' ? 'ipv4_addr' : 'ipv6_addr';
  const own = table.family;
  write(`table ${own} kube-proxy {\n\tcomment "rules for kube-proxy"\n`);
  write(`\tset cluster-ips {\n\t\ttype ${addr}\n\t\tcomment "Active ClusterIPs"\n`);
  for (let i = 0; i < table.clusterIPs.length; i += 2) {
    const pair = table.clusterIPs.slice(i, i + 2).join(', ');
    write(i === 0 ? `\t\telements = { ${pair}` : `,\n\t\t\t     ${pair}`);
  }
  write(' }\n\t}\n\n');
  const maps: [string, string, string[]][] = [
    ['service-ips', `${addr} . inet_proto . inet_service : verdict`, table.serviceIPs],
    ['service-nodeports', 'inet_proto . inet_service : verdict', table.nodePorts],
    ['firewall-ips', `${addr} . inet_proto . inet_service : verdict`, table.firewallIPs],
    ['no-endpoint-services', `${addr} . inet_proto . inet_service : verdict`, table.noEndpoints],
  ];
  for (const [name, type, list] of maps) write(`\tmap ${name} {\n\t\ttype ${type}\n${elements(list)}\t}\n\n`);
  const base = [
    chain('nat-prerouting', ['type nat hook prerouting priority dstnat; policy accept;', 'jump services']),
    chain('nat-output', ['type nat hook output priority dstnat; policy accept;', 'jump services']),
    chain('services', [`${own} daddr . meta l4proto . th dport vmap @service-ips`, `${own} daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports`]),
    chain('service-endpoints-check', [`${own} daddr . meta l4proto . th dport vmap @no-endpoint-services`]),
    chain('mark-for-masquerade', ['meta mark set meta mark | 0x00004000']),
    chain('masquerading', ['meta mark & 0x00004000 == 0x00000000 return', 'meta mark set meta mark ^ 0x00004000', 'masquerade fully-random']),
  ];
  write(base.join('\n'));
  for (const set of table.sets) write(`\n${set}`);
  for (const text of table.chains) write(`\n${text}`);
  write('}\n');
}

/** Calico-style policy chains in iptables-nft's `table ip filter`: what fills a busy node's ruleset. */
function printFiller(write: (text: string) => void, lines: number, next: () => number): void {
  const id = (n: number) => Math.floor(next() * 36 ** n).toString(36).padStart(n, '0');
  write('table ip filter {\n');
  let written = 2;
  while (written < lines) {
    const rules = Math.max(1, Math.min(lines - written - 3, 20));
    write(`\tchain cali-pi-_${id(19)} {\n`);
    for (let r = 0; r < rules; r++) {
      write(`\t\tip saddr @cali40s:${id(22)} tcp dport ${8000 + r} counter packets 0 bytes 0 meta mark set mark or 0x10000 comment "cali:${id(16)}"\n`);
    }
    write('\t}\n');
    written += rules + 2;
  }
  write('}\n');
}

/** Writes the dump to `path`: `services` services, then filler up to about `lines` lines. */
export function generateNftDump(path: string, lines = 1_000_000, services = 10_000): GeneratedNftDump {
  const next = random(20261203);
  const v4 = new Table('ip');
  const v6 = new Table('ip6');
  let endpoints = 0;
  let sampleService = '';
  for (let i = 0; i < services; i++) {
    const dualStack = next() < 0.2;
    const kind = i === services >> 1 ? 'lbLocal' : pickWeighted(KINDS, next());
    const written = writeService(dualStack ? [v4, v6] : [v4], i, next, kind);
    endpoints += written.endpoints;
    if (i === services >> 1) sampleService = written.service;
  }
  const fd = openSync(path, 'w');
  let bytes = 0;
  let count = 0;
  let buffer = '';
  const write = (text: string) => {
    buffer += text;
    if (buffer.length < 1 << 20) return;
    flush();
  };
  const flush = () => {
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n', nl + 1)) count++;
    bytes += writeSync(fd, buffer);
    buffer = '';
  };
  try {
    printTable(write, v4);
    printTable(write, v6);
    flush();
    printFiller(write, lines - count, next);
    flush();
  } finally {
    closeSync(fd);
  }
  return { path, lines: count, bytes, services, endpoints, sampleService };
}

/**
 * Writes a large, realistic `iptables-save` dump of one node for the `rules` benchmark: kube-proxy
 * 1.29 rules in iptables-save's own argument order and chain order (user chains sorted by name),
 * with ClusterIP, NodePort, LoadBalancer (externalTrafficPolicy=Local), internalTrafficPolicy=Local,
 * ClientIP affinity, no-endpoint and multi-port services; large-cluster mode (more than 1000
 * endpoints, so most endpoint rules have no comment, some still do after partial syncs), a few
 * stale endpoint chains, and CNI network-policy chains (Calico style) up to the line count asked.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { endpointChainName, portProtoHash } from '../src/kubeproxy/hash.ts';
import { pickWeighted, random } from './random.ts';

export interface GeneratedDump {
  path: string;
  lines: number;
  bytes: number;
  services: number;
  endpoints: number;
  /** A LoadBalancer service with three endpoints, from the middle of the dump. */
  sampleService: string;
}

type Kind = 'clusterIP' | 'nodePort' | 'lbLocal' | 'affinity' | 'multiPort' | 'noEndpoints' | 'itpLocal';

interface Dump {
  nat: Map<string, string[]>;
  filter: Map<string, string[]>;
  endpoints: number;
}

const POD_CIDR = '10.244.0.0/16';
const LOCAL_PREFIX = '10.244.3.';

/** kube-proxy's "%0.10f" of 1/n, as the kernel stores and iptables-save prints it (%.11f). */
function printedProbability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  return (Math.round(written * 2 ** 31) / 2 ** 31).toFixed(11);
}

function push(chains: Map<string, string[]>, chain: string, line: string): void {
  const lines = chains.get(chain);
  if (lines === undefined) chains.set(chain, [line]);
  else lines.push(line);
}

function comment(text: string, keep: boolean): string {
  return keep ? ` -m comment --comment "${text}"` : '';
}

interface Port {
  spn: string;
  proto: 'tcp' | 'udp';
  port: number;
  hash: string;
  clusterIP: string;
}

/** The KUBE-SVC/SVL balancing rules and the KUBE-SEP chains (writeServiceToEndpointRules). */
function writeEndpoints(dump: Dump, chain: string, p: Port, eps: string[], affinity: boolean, commented: boolean): void {
  const seps = eps.map((ep) => endpointChainName(p.spn, p.proto, ep));
  if (affinity) {
    eps.forEach((ep, i) => {
      const sep = seps[i] ?? '';
      const recent = ` -m recent --rcheck --seconds 10800 --reap --name ${sep} --mask 255.255.255.255 --rsource`;
      push(dump.nat, chain, `-A ${chain}${comment(`${p.spn} -> ${ep}`, commented)}${recent} -j ${sep}`);
    });
  }
  eps.forEach((ep, i) => {
    const sep = seps[i] ?? '';
    const statistic = i < eps.length - 1 ? ` -m statistic --mode random --probability ${printedProbability(eps.length - i)}` : '';
    push(dump.nat, chain, `-A ${chain}${comment(`${p.spn} -> ${ep}`, commented)}${statistic} -j ${sep}`);
    if (dump.nat.has(sep)) return; // also written from the other policy chain
    const ip = ep.slice(0, ep.indexOf(':'));
    const set = affinity ? ` -m recent --set --name ${sep} --mask 255.255.255.255 --rsource` : '';
    push(dump.nat, sep, `-A ${sep} -s ${ip}/32${comment(p.spn, commented)} -j KUBE-MARK-MASQ`);
    push(dump.nat, sep, `-A ${sep} -p ${p.proto}${comment(p.spn, commented)}${set} -m ${p.proto} -j DNAT --to-destination ${ep}`);
    dump.endpoints++;
  });
}

function clusterIPRules(dump: Dump, p: Port, target: string): void {
  const match = `-p ${p.proto} -m comment --comment "${p.spn} cluster IP" -m ${p.proto} --dport ${p.port}`;
  push(dump.nat, 'KUBE-SERVICES', `-A KUBE-SERVICES -d ${p.clusterIP}/32 ${match} -j ${target}`);
  push(dump.nat, target, `-A ${target} ! -s ${POD_CIDR} -d ${p.clusterIP}/32 ${match} -j KUBE-MARK-MASQ`);
}

function rejectRule(dump: Dump, p: Port, local: boolean): void {
  const what = local ? 'has no local endpoints' : 'has no endpoints';
  const target = local ? 'DROP' : 'REJECT --reject-with icmp-port-unreachable';
  push(dump.filter, 'KUBE-SERVICES', `-A KUBE-SERVICES -d ${p.clusterIP}/32 -p ${p.proto} -m comment --comment "${p.spn} ${what}" -m ${p.proto} --dport ${p.port} -j ${target}`);
}

function nodePortRules(dump: Dump, p: Port, nodePort: number, local: boolean): void {
  const ext = `KUBE-EXT-${p.hash}`;
  push(dump.nat, 'KUBE-NODEPORTS', `-A KUBE-NODEPORTS -p ${p.proto} -m comment --comment "${p.spn}" -m ${p.proto} --dport ${nodePort} -j ${ext}`);
  if (!local) {
    push(dump.nat, ext, `-A ${ext} -m comment --comment "masquerade traffic for ${p.spn} external destinations" -j KUBE-MARK-MASQ`);
    push(dump.nat, ext, `-A ${ext} -j KUBE-SVC-${p.hash}`);
    return;
  }
  push(dump.nat, ext, `-A ${ext} -s ${POD_CIDR} -m comment --comment "pod traffic for ${p.spn} external destinations" -j KUBE-SVC-${p.hash}`);
  push(dump.nat, ext, `-A ${ext} -m comment --comment "masquerade LOCAL traffic for ${p.spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
  push(dump.nat, ext, `-A ${ext} -m comment --comment "route LOCAL traffic for ${p.spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${p.hash}`);
}

/** One service, its kind drawn at random; returns its name. */
function writeService(dump: Dump, i: number, next: () => number, kind: Kind): string {
  const service = `ns-${i % 97}/${i % 3 === 0 ? 'payments-api' : 'svc'}-${i}`;
  const commented = next() < 0.2;
  const ports: { name: string; proto: 'tcp' | 'udp'; port: number }[] =
    kind === 'multiPort'
      ? [{ name: 'dns', proto: 'udp', port: 53 }, { name: 'dns-tcp', proto: 'tcp', port: 53 }]
      : [{ name: next() < 0.5 ? 'http' : '', proto: 'tcp', port: 80 }];
  const count = kind === 'noEndpoints' ? 0 : 1 + Math.floor(next() * 5);
  const eps = Array.from({ length: count }, () => {
    const ip = next() < 0.1 ? `${LOCAL_PREFIX}${2 + Math.floor(next() * 250)}` : `10.244.${Math.floor(next() * 64)}.${2 + Math.floor(next() * 250)}`;
    return `${ip}:8080`;
  }).sort();
  const local = eps.filter((ep) => ep.startsWith(LOCAL_PREFIX));
  ports.forEach((port, k) => {
    const spn = port.name === '' ? service : `${service}:${port.name}`;
    const p: Port = { spn, proto: port.proto, port: port.port, hash: portProtoHash(spn, port.proto), clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}` };
    writePort(dump, p, kind, eps, local, commented, 30000 + ((i * 2 + k) % 2767));
  });
  if (next() < 0.01 && eps.length > 0) {
    const stale = endpointChainName(service, 'tcp', `10.250.0.${i % 250}:8080`);
    push(dump.nat, stale, `-A ${stale} -s 10.250.0.${i % 250}/32 -j KUBE-MARK-MASQ`);
    push(dump.nat, stale, `-A ${stale} -p tcp -m tcp -j DNAT --to-destination 10.250.0.${i % 250}:8080`);
  }
  return service;
}

function writePort(dump: Dump, p: Port, kind: Kind, eps: string[], local: string[], commented: boolean, nodePort: number): void {
  const svc = `KUBE-SVC-${p.hash}`;
  const svl = `KUBE-SVL-${p.hash}`;
  if (eps.length === 0) return rejectRule(dump, p, false);
  if (kind === 'itpLocal') {
    if (local.length === 0) return rejectRule(dump, p, true);
    clusterIPRules(dump, p, svl);
    return writeEndpoints(dump, svl, p, local, false, commented);
  }
  clusterIPRules(dump, p, svc);
  writeEndpoints(dump, svc, p, eps, kind === 'affinity', commented);
  if (kind === 'nodePort') nodePortRules(dump, p, nodePort, false);
  if (kind !== 'lbLocal') return;
  const lbIP = `203.0.${(nodePort >> 8) & 255}.${nodePort & 255}`;
  push(dump.nat, 'KUBE-SERVICES', `-A KUBE-SERVICES -d ${lbIP}/32 -p tcp -m comment --comment "${p.spn} loadbalancer IP" -m tcp --dport ${p.port} -j KUBE-EXT-${p.hash}`);
  nodePortRules(dump, p, nodePort, true);
  push(dump.filter, 'KUBE-NODEPORTS', `-A KUBE-NODEPORTS -p tcp -m comment --comment "${p.spn} health check node port" -m tcp --dport ${nodePort + 1000} -j ACCEPT`);
  if (local.length > 0) {
    push(dump.nat, `KUBE-EXT-${p.hash}`, `-A KUBE-EXT-${p.hash} -j ${svl}`);
    return writeEndpoints(dump, svl, p, local, false, commented);
  }
  const drop = `-p tcp -m comment --comment "${p.spn} has no local endpoints"`;
  push(dump.filter, 'KUBE-EXTERNAL-SERVICES', `-A KUBE-EXTERNAL-SERVICES -d ${lbIP}/32 ${drop} -m tcp --dport ${p.port} -j DROP`);
  push(dump.filter, 'KUBE-EXTERNAL-SERVICES', `-A KUBE-EXTERNAL-SERVICES ${drop} -m addrtype --dst-type LOCAL -m tcp --dport ${nodePort} -j DROP`);
}

const KINDS: readonly [Kind, number][] = [
  ['clusterIP', 0.55],
  ['nodePort', 0.15],
  ['lbLocal', 0.1],
  ['affinity', 0.05],
  ['multiPort', 0.05],
  ['noEndpoints', 0.05],
  ['itpLocal', 0.05],
];

/** Calico-style policy chains: what fills the rest of a busy node's filter table. */
function writeFiller(filter: Map<string, string[]>, lines: number, next: () => number): void {
  const id = (n: number) => Math.floor(next() * 36 ** n).toString(36).padStart(n, '0');
  let written = 0;
  while (written < lines) {
    const chain = `cali-pi-_${id(19)}`;
    const rules = Math.min(lines - written - 1, 20);
    filter.set(chain, []);
    for (let r = 0; r < rules; r++) {
      push(filter, chain, `-A ${chain} -m comment --comment "cali:${id(16)}" -m set --match-set cali40s:${id(22)} src -m multiport --dports ${8000 + r} -j MARK --set-xmark 0x10000/0x10000`);
    }
    written += rules + 1; // and its declaration
  }
}

const FILTER_BUILTINS = ['INPUT', 'FORWARD', 'OUTPUT'];
const NAT_BUILTINS = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];

function renderTable(name: string, builtins: string[], chains: Map<string, string[]>): string[] {
  const order = [...chains.keys()].filter((c) => !builtins.includes(c)).sort();
  const out = [`*${name}`, ...builtins.map((c) => `:${c} ACCEPT [0:0]`), ...order.map((c) => `:${c} - [0:0]`)];
  for (const chain of [...builtins, ...order]) out.push(...(chains.get(chain) ?? []));
  out.push('COMMIT', `# Completed on Mon Jan  1 00:00:00 2024`);
  return out;
}

/** Writes the dump to `path`. */
export function generateDump(path: string, options: { services?: number; lines?: number; seed?: number } = {}): GeneratedDump {
  const servicesWanted = options.services ?? 10_000;
  const next = random(options.seed ?? 42);
  const dump: Dump = { nat: new Map(), filter: new Map(), endpoints: 0 };
  for (const chain of ['PREROUTING', 'OUTPUT', 'POSTROUTING']) {
    push(dump.nat, chain, `-A ${chain} -m comment --comment "kubernetes ${chain === 'POSTROUTING' ? 'postrouting rules' : 'service portals'}" -j ${chain === 'POSTROUTING' ? 'KUBE-POSTROUTING' : 'KUBE-SERVICES'}`);
  }
  push(dump.filter, 'INPUT', '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES');
  push(dump.filter, 'FORWARD', '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
  let sampleService = '';
  for (let i = 0; i < servicesWanted; i++) {
    const kind = i === servicesWanted >> 1 ? 'lbLocal' : pickWeighted(KINDS, next());
    const name = writeService(dump, i, next, kind);
    if (i === servicesWanted >> 1) sampleService = name;
  }
  push(dump.nat, 'KUBE-SERVICES', '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  push(dump.nat, 'KUBE-MARK-MASQ', '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
  const head = ['# Generated by iptables-save v1.8.9 (legacy) on Mon Jan  1 00:00:00 2024'];
  const kubeLines = head.length + renderTable('filter', FILTER_BUILTINS, dump.filter).length + renderTable('nat', NAT_BUILTINS, dump.nat).length;
  writeFiller(dump.filter, (options.lines ?? 1_000_000) - kubeLines, next);
  const all = [
    ...head,
    ...renderTable('filter', FILTER_BUILTINS, dump.filter),
    ...renderTable('nat', NAT_BUILTINS, dump.nat),
  ];
  const fd = openSync(path, 'w');
  let bytes = 0;
  for (let i = 0; i < all.length; i += 10_000) bytes += writeSync(fd, all.slice(i, i + 10_000).join('\n') + '\n');
  closeSync(fd);
  return { path, lines: all.length, bytes, services: servicesWanted, endpoints: dump.endpoints, sampleService };
}

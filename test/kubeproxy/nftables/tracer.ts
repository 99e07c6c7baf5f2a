/**
 * A packet tracer over what the decoder read from a dump, ported from kube-proxy's own test helper
 * (pkg/proxy/nftables/helpers_test.go nftablesTracer / tracePacket, kubernetes/kubernetes at
 * 803d40a57714b8d054430fedb25b48c20ba9d52c): a new connection goes through the filter prerouting
 * chain, then nat-prerouting (DNAT), then filter-forward and filter-input with the DNATed address.
 * Where kube-proxy's tracer follows every branch of a `numgen` map, this one also carries each
 * branch's share. It knows only the rule pieces kube-proxy writes, and throws on any other.
 */
import type { DumpModel, Family, TableModel } from '../../../src/kubeproxy/nftables/model.ts';
import type { Match, RuleReading } from '../../../src/kubeproxy/nftables/rule.ts';

export interface Packet {
  source: string;
  protocol?: 'tcp' | 'udp' | 'sctp';
  dest: string;
  port: number;
}

/** What happens to the packet: `ip:port share` per endpoint, or DROP / REJECT. */
export type Outcome = string[];

export function tracePacket(model: DumpModel, family: Family, packet: Packet, nodeIPs: readonly string[]): Outcome {
  const table = model.tables.get(family);
  if (table === undefined) throw new Error(`no table ${family} kube-proxy`);
  const tracer = new Tracer(table, { protocol: 'tcp', ...packet }, new Set(nodeIPs));
  const prerouting = ['filter-prerouting-pre-dnat', 'filter-prerouting'].find((name) => table.chains.has(name));
  if (prerouting !== undefined && tracer.run(prerouting, 1)) return tracer.outcome();
  tracer.run(table.chains.has('nat-prerouting') ? 'nat-prerouting' : 'services', 1);
  // After the prerouting rules run, pending DNATs are processed (helpers_test.go tracePacket).
  const dnat = tracer.outputs[0];
  if (dnat !== undefined && !dnat.to.startsWith('DROP') && !dnat.to.startsWith('REJECT')) tracer.packet.dest = splitHostPort(dnat.to);
  if (table.chains.has('filter-forward') && tracer.run('filter-forward', 1)) return tracer.outcome();
  if (table.chains.has('filter-input')) tracer.run('filter-input', 1);
  return tracer.outcome();
}

class Tracer {
  readonly outputs: { to: string; share: number }[] = [];

  constructor(
    private readonly table: TableModel,
    readonly packet: Required<Packet>,
    private readonly nodeIPs: Set<string>,
  ) {}

  outcome(): Outcome {
    return this.outputs.map(({ to, share }) => (to === 'DROP' || to === 'REJECT' ? to : `${to} ${Math.round(share * 1e6) / 1e6}`));
  }

  /** Runs a chain; true when it reached a terminal verdict (helpers_test.go runChain). */
  run(name: string, share: number): boolean {
    const chain = this.table.chains.get(name);
    if (chain === undefined) throw new Error(`unknown chain ${name}`);
    for (const { rule } of chain.rules) {
      if (!rule.matches.every((match) => this.matches(match))) continue;
      const result = this.act(rule, share);
      if (result !== 'continue') return result === 'terminal';
    }
    return false;
  }

  private act(rule: RuleReading, share: number): 'continue' | 'terminal' | 'return' {
    const action = rule.action;
    switch (action.kind) {
      case 'none':
      case 'mark':
      case 'update':
        return 'continue';
      case 'verdict':
        if (action.verdict === 'return') return 'return';
        if (action.verdict === 'accept') return 'terminal';
        this.outputs.push({ to: action.verdict.toUpperCase(), share });
        return 'terminal';
      case 'jump':
        if (this.run(action.chain, share)) return 'terminal';
        return action.verb === 'goto' ? 'return' : 'continue';
      case 'dispatch':
        return this.dispatch(action.map, share);
      case 'balance':
        for (const slot of action.balancing.slots) {
          if (slot.target.kind === 'chain') this.run(slot.target.chain, (share * slot.values) / action.balancing.modulus);
        }
        return 'terminal';
      case 'dnat': {
        const dnat = action.dnat;
        if (dnat.kind === 'address') this.outputs.push({ to: joinHostPort(dnat.address.ip, dnat.address.port), share });
        else for (const slot of dnat.balancing.slots) if (slot.target.kind === 'address') this.outputs.push({ to: joinHostPort(slot.target.ip, slot.target.port), share: (share * slot.values) / dnat.balancing.modulus });
        return 'terminal';
      }
    }
  }

  /** `... vmap @map`: the element for this packet's destination runs its verdict. */
  private dispatch(map: string, share: number): 'continue' | 'terminal' | 'return' {
    const { dest, protocol, port } = this.packet;
    const found = this.table.elements.find(({ element }) => element.map === map && element.protocol === protocol && element.port === port && (element.ip === null || element.ip === dest));
    if (found === undefined) return 'continue';
    const verdict = found.element.verdict;
    if (verdict.kind !== 'goto') {
      this.outputs.push({ to: verdict.kind === 'drop' ? 'DROP' : 'REJECT', share });
      return 'terminal';
    }
    return this.run(verdict.chain, share) ? 'terminal' : 'return';
  }

  private matches(match: Match): boolean {
    const { source, dest, protocol, port } = this.packet;
    const result = ((): boolean => {
      switch (match.operand) {
        case 'ct state':
        case 'ct status':
          return true; // new connections only, as in kube-proxy's tracer
        case 'ip daddr':
        case 'ip6 daddr':
          return this.address(dest, match.value);
        case 'ip saddr':
        case 'ip6 saddr':
          return this.address(source, match.value);
        case 'fib saddr type':
          return this.nodeIPs.has(source);
        case 'fib daddr type':
          return this.nodeIPs.has(dest);
        case 'meta l4proto':
          return protocol === match.value;
        case 'tcp dport':
        case 'udp dport':
        case 'sctp dport':
          return match.operand.startsWith(protocol) && String(port) === match.value;
        default:
          if (match.value.startsWith('@')) return false; // hairpin, affinity: not for a new client
          throw new Error(`unmatched rule piece: ${match.operand} ${match.value}`);
      }
    })();
    return match.negated ? !result : result;
  }

  private address(ip: string, value: string): boolean {
    if (value === '@cluster-ips') return this.table.clusterIPs.has(ip);
    if (value === '@nodeport-ips') return this.nodeIPs.has(ip);
    if (value.startsWith('@')) return false;
    const list = value.startsWith('{') ? value.slice(1, -1).split(',').map((part) => part.trim()) : [value];
    return list.some((cidr) => inCidr(ip, cidr));
  }
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function splitHostPort(hostPort: string): string {
  return hostPort.startsWith('[') ? hostPort.slice(1, hostPort.indexOf(']')) : hostPort.slice(0, hostPort.lastIndexOf(':'));
}

function inCidr(ip: string, cidr: string): boolean {
  const [network = '', bitsText] = cidr.split('/');
  const a = toBigInt(ip);
  const b = toBigInt(network);
  if (a === null || b === null || ip.includes(':') !== network.includes(':')) return false;
  const width = ip.includes(':') ? 128 : 32;
  const bits = BigInt(bitsText === undefined ? width : Number(bitsText));
  const shift = BigInt(width) - bits;
  return a >> shift === b >> shift;
}

function toBigInt(ip: string): bigint | null {
  if (!ip.includes(':')) {
    const parts = ip.split('.').map(Number);
    return parts.length === 4 && parts.every((n) => n >= 0 && n <= 255) ? parts.reduce((acc, n) => (acc << 8n) | BigInt(n), 0n) : null;
  }
  const [head = '', tail = ''] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.length === 8 ? groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) : null;
}

/**
 * The two ways kube-proxy's nftables rules pick an endpoint, and its DNATs.
 *
 * - 1.29-1.35, and 1.36+ services with ClientIP affinity: `numgen random mod N vmap { 0 : goto
 *   endpoint-A , 1 : goto endpoint-B }` (proxier.go writeServiceToEndpointRules, later
 *   writeServiceToEndpointJumps), each endpoint chain ending in `meta l4proto tcp dnat to IP:port`.
 * - 1.36+: `meta l4proto tcp dnat ip addr . port to numgen random mod N map { 0 : IP . port , ... }`
 *   in the service chain itself (writeServiceToEndpointDNATs), which `nft list` prints as
 *   `dnat ip to numgen random mod N map { 0 : IP . port, ... }`.
 * - 1.37: a single-endpoint service DNATs without a map (kubernetes PR #140723, fixed for IPv6 by
 *   #140960); #140723 wrote `dnat ip addr . port to IP . port`. The text after #140960 was not
 *   available to read, so both `IP . port` and `IP:port` / `[IPv6]:port` targets are accepted.
 *
 * `numgen random mod N` draws each of 0..N-1 with probability 1/N, so an element covering k of the
 * N values gets k/N of new connections (kube-proxy writes one value per endpoint).
 */
import { parseHostPort, parsePort, type HostPort } from '../hostPort.ts';
import { splitTopLevel } from './text.ts';

export type SlotTarget = { kind: 'chain'; verb: 'goto' | 'jump'; chain: string } | { kind: 'address'; ip: string; port: number };

/** One element of a numgen map: the values it covers and where it sends them. */
export interface Slot {
  /** How many of the N values the element's key covers (1, or hi-lo+1 for a range `lo-hi`). */
  values: number;
  target: SlotTarget;
}

export interface Balancing {
  modulus: number;
  slots: Slot[];
}

export type Dnat = { kind: 'balance'; balancing: Balancing } | { kind: 'address'; address: HostPort };

const MAX_MODULUS = 1 << 20;

/** `numgen random mod N [offset K] vmap|map { ... }` at `i`. */
export function balancing(toks: string[], i: number, kind: 'vmap' | 'map'): { balancing: Balancing; next: number } | null {
  if (toks[i] !== 'numgen' || (toks[i + 1] !== 'random' && toks[i + 1] !== 'inc') || toks[i + 2] !== 'mod') return null;
  const modulus = Number(toks[i + 3]);
  if (!Number.isInteger(modulus) || modulus < 1 || modulus > MAX_MODULUS) return null;
  let j = i + 4;
  if (toks[j] === 'offset' && toks[j + 1] !== undefined) j += 2;
  const group = toks[j + 1];
  if (toks[j] !== kind || group === undefined || !group.startsWith('{') || !group.endsWith('}')) return null;
  const slots: Slot[] = [];
  for (const element of splitTopLevel(group.slice(1, -1))) {
    const slot = readSlot(element, kind);
    if (slot === null) return null;
    slots.push(slot);
  }
  return { balancing: { modulus, slots }, next: j + 2 };
}

function readSlot(element: string, kind: 'vmap' | 'map'): Slot | null {
  const sep = element.indexOf(' : ');
  if (sep < 0) return null;
  const values = keyValues(element.slice(0, sep).trim());
  const value = element.slice(sep + 3).trim();
  if (values === null) return null;
  if (kind === 'vmap') {
    const [verb, chain, extra] = value.split(/\s+/);
    if ((verb !== 'goto' && verb !== 'jump') || chain === undefined || chain === '' || extra !== undefined) return null;
    return { values, target: { kind: 'chain', verb, chain } };
  }
  const address = dotAddress(value.split(/\s+/), 0);
  return address === null || address.next !== 3 ? null : { values, target: { kind: 'address', ...address.address } };
}

/** How many numgen values `0`, `7` or `0-49` covers. */
function keyValues(key: string): number | null {
  const dash = key.indexOf('-');
  const lo = Number(dash < 0 ? key : key.slice(0, dash));
  const hi = dash < 0 ? lo : Number(key.slice(dash + 1));
  if (key === '' || !Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) return null;
  return hi - lo + 1;
}

/** `dnat [ip|ip6] [addr . port] to <numgen map | IP . port | IP:port | [IPv6]:port>` at `i`. */
export function dnatAction(toks: string[], i: number): { dnat: Dnat; next: number } | null {
  let j = i + 1;
  if (toks[j] === 'ip' || toks[j] === 'ip6') j++;
  if (toks[j] === 'addr' && toks[j + 1] === '.' && toks[j + 2] === 'port') j += 3;
  if (toks[j] !== 'to') return null;
  j++;
  if (toks[j] === 'numgen') {
    const found = balancing(toks, j, 'map');
    return found === null ? null : { dnat: { kind: 'balance', balancing: found.balancing }, next: skipFlags(toks, found.next) };
  }
  const dotted = dotAddress(toks, j);
  if (dotted !== null) return { dnat: { kind: 'address', address: dotted.address }, next: skipFlags(toks, dotted.next) };
  const joined = toks[j] === undefined ? null : parseHostPort(toks[j] ?? '');
  return joined === null ? null : { dnat: { kind: 'address', address: joined }, next: skipFlags(toks, j + 1) };
}

/** `IP . port` at `j` (knftables' concatenation, also how nft prints map values). */
function dotAddress(toks: string[], j: number): { address: HostPort; next: number } | null {
  const ip = toks[j];
  const portText = toks[j + 2];
  if (ip === undefined || toks[j + 1] !== '.' || portText === undefined || parsePort(portText) === null) return null;
  const address = parseHostPort(ip.includes(':') ? `[${ip}]:${portText}` : `${ip}:${portText}`);
  return address === null ? null : { address, next: j + 3 };
}

function skipFlags(toks: string[], j: number): number {
  let end = j;
  while (toks[end] === 'fully-random' || toks[end] === 'random' || toks[end] === 'persistent') end++;
  return end;
}

/**
 * `ipvsadm -Ln` lines, in every column layout ipvsadm prints (ipvsadm.c print_title and
 * print_service_entry, 1.26 to 1.31):
 *
 *   IP Virtual Server version 1.2.1 (size=4096)                      whole table only
 *   Prot LocalAddress:Port Scheduler Flags                            title
 *     -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
 *   TCP  10.96.0.1:443 rr persistent 10800                           "%-4s %s" then " %s" scheduler,
 *     -> 192.168.0.1:6443             Masq    1      1          0     " (flags)", " persistent %u", " mask",
 *   FWM  5 IPv6 wlc                                                   " pe", " ops"
 *
 * `--stats` and `--rate` print counters instead of the scheduler and the real servers' forward
 * method and weight; `--thresholds` prints thresholds instead of the forward method and weight;
 * `--persistent-conn` prints the weight; `--tun-info` adds a tunnel column. The title says which;
 * without it (a grep), the shape of each line does.
 */
import { quote } from '../../dataplane/quote.ts';
import { parseAddressPort } from '../../dataplane/address.ts';
import type { L4Protocol } from '../../dataplane/types.ts';
import type { RealServer } from './table.ts';

export type Layout = 'default' | 'tunnel' | 'stats' | 'rate' | 'thresholds' | 'persistent';

export const FORWARD_NAMES = new Set(['Masq', 'Route', 'Tunnel', 'Local']);
const PROTOCOLS: Record<string, L4Protocol> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

/** The layout a title line announces, or null when the line is not a title. */
export function titleLayout(content: string): Layout | null {
  if (!content.startsWith('Prot LocalAddress:Port')) return null;
  if (content.includes('Conns')) return 'stats';
  if (content.includes('CPS')) return 'rate';
  if (content.includes('Uthreshold')) return 'thresholds';
  if (content.includes('PersistConn')) return 'persistent';
  return 'default';
}

export type VirtualLine =
  | { kind: 'service'; protocol: L4Protocol; ip: string; port: number; scheduler: string | null; persistent: number | null }
  | { kind: 'fwmark'; mark: string }
  | { kind: 'error'; message: string };

/** A virtual service line: `TCP  10.0.0.1:80 rr persistent 10800`, `FWM  5 rr`, or with counters. */
export function parseVirtualLine(words: string[]): VirtualLine {
  const [prot, address, ...rest] = words;
  if (prot === 'FWM') return { kind: 'fwmark', mark: address ?? '' };
  const protocol = PROTOCOLS[prot ?? ''];
  if (protocol === undefined || address === undefined) return { kind: 'error', message: 'not an ipvsadm line' };
  const parsed = parseAddressPort(address);
  if (parsed === null || parsed.rest !== '') return { kind: 'error', message: `${quote(address)} is not a numeric address:port (list with ipvsadm -Ln)` };
  const first = rest[0];
  // --stats / --rate print counters where the scheduler would be.
  const scheduler = first === undefined || isCounter(first) ? null : first;
  return { kind: 'service', protocol, ip: parsed.ip, port: parsed.port, scheduler, persistent: persistence(rest) };
}

/** `persistent N` anywhere after the scheduler (after `(sh-fallback,sh-port)` flags in 1.31). */
function persistence(words: string[]): number | null {
  const at = words.indexOf('persistent');
  if (at < 0) return null;
  const seconds = Number(words[at + 1]);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : null;
}

/** A real server line, `-> addr:port ...`, in the given layout (null: guess from its shape). */
export function parseRealLine(words: string[], layout: Layout | null): RealServer | string {
  const [, address, ...columns] = words;
  const parsed = address === undefined ? null : parseAddressPort(address);
  if (parsed === null || parsed.rest !== '') return `${quote(address ?? '')} is not a numeric address:port (list with ipvsadm -Ln)`;
  const shape = layout ?? guessLayout(columns);
  const server: RealServer = { ip: parsed.ip, port: parsed.port, forward: null, weight: null, connections: null };
  switch (shape) {
    case 'default':
      return fill(server, columns, { forward: 0, weight: 1, active: 2 });
    case 'tunnel':
      return fill(server, columns, { forward: 0, weight: 2, active: 3 });
    case 'persistent':
      return fill(server, columns, { weight: 0, active: 2 });
    case 'thresholds':
      return fill(server, columns, { active: 2 });
    default:
      return server;
  }
}

interface Columns {
  forward?: number;
  weight?: number;
  active?: number;
}

function fill(server: RealServer, columns: string[], at: Columns): RealServer | string {
  if (at.forward !== undefined) {
    const forward = columns[at.forward];
    if (forward === undefined || !FORWARD_NAMES.has(forward)) return `forward method ${quote(forward ?? '')} is not one ipvsadm prints`;
    server.forward = forward;
  }
  if (at.weight !== undefined) {
    const weight = wholeNumber(columns[at.weight]);
    if (weight === null) return 'the weight column is not a number';
    server.weight = weight;
  }
  if (at.active !== undefined) {
    const active = wholeNumber(columns[at.active]);
    const inactive = wholeNumber(columns[at.active + 1]);
    if (active !== null && inactive !== null) server.connections = { active, inactive };
  }
  return server;
}

/** The layout of a real server line seen without a title (a grep of the listing). */
function guessLayout(columns: string[]): Layout | null {
  const first = columns[0];
  if (first !== undefined && FORWARD_NAMES.has(first)) return columns.length >= 5 ? 'tunnel' : 'default';
  // Four or five counters: --thresholds / --persistent-conn / --stats / --rate, which a grep cannot
  // tell apart, so no weight is read from them.
  return null;
}

function wholeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return null;
  return Number(text);
}

/** print_largenum: digits, with K, M, G or T for large counters. */
function isCounter(word: string): boolean {
  return /^\d{1,20}[KMGT]?$/.test(word);
}

export function protocolOf(word: string | undefined): L4Protocol | undefined {
  return PROTOCOLS[word ?? ''];
}

/**
 * `ipvsadm -Sn` (`ipvsadm-save -n`) lines: the table as ipvsadm commands (ipvsadm.c
 * print_service_entry with FMT_RULE, 1.26 to 1.31):
 *
 *   -A -t 10.96.0.1:443 -s rr -p 10800
 *   -a -t 10.96.0.1:443 -r 192.168.0.1:6443 -m -w 1
 *
 * `-u` is UDP, `--sctp-service` SCTP, `-f N` a firewall mark; `-m` masquerading, `-g` direct
 * routing (or the local node), `-i` tunnelling. The long option names of ipvsadm(8) are read too.
 */
import { quote } from '../../dataplane/quote.ts';
import { parseAddressPort } from '../../dataplane/address.ts';
import type { L4Protocol } from '../../dataplane/types.ts';

export interface SavedService {
  kind: 'service';
  protocol: L4Protocol;
  ip: string;
  port: number;
  scheduler: string | null;
  persistent: number | null;
}

export interface SavedServer {
  kind: 'server';
  protocol: L4Protocol;
  ip: string;
  port: number;
  real: { ip: string; port: number };
  forward: string | null;
  weight: number | null;
}

export type SavedLine = SavedService | SavedServer | { kind: 'fwmark'; mark: string } | { kind: 'error'; message: string };

const SERVICE_OPTIONS: Record<string, L4Protocol> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '--sctp-service': 'sctp',
};
const FORWARD_OPTIONS: Record<string, string> = {
  '-m': 'Masq',
  '--masquerading': 'Masq',
  '-g': 'Route',
  '--gatewaying': 'Route',
  '-i': 'Tunnel',
  '--ipip': 'Tunnel',
};
/** Options that take no value. */
const FLAGS = new Set(['-6', '-o', '--ops', 'ops', '-m', '--masquerading', '-g', '--gatewaying', '-i', '--ipip', '--tun-nocsum', '--tun-csum', '--tun-remcsum']);

/** One `-A` / `-a` line as words; null when the first word is neither. */
export function parseSavedLine(words: string[]): SavedLine | null {
  const command = words[0];
  const adds = command === '-A' || command === '--add-service';
  const addsServer = command === '-a' || command === '--add-server';
  if (!adds && !addsServer) return null;
  const options = readOptions(words.slice(1));
  if (options.fwmark !== undefined) return { kind: 'fwmark', mark: options.fwmark };
  if (options.protocol === undefined || options.address === undefined) return { kind: 'error', message: 'no virtual service (-t, -u, --sctp-service or -f)' };
  const address = parseAddressPort(options.address);
  if (address === null || address.rest !== '') return { kind: 'error', message: `${quote(options.address)} is not a numeric address:port (save with ipvsadm -Sn)` };
  if (adds) {
    return { kind: 'service', protocol: options.protocol, ip: address.ip, port: address.port, scheduler: options.scheduler ?? null, persistent: options.persistent ?? null };
  }
  const real = options.real === undefined ? null : parseAddressPort(options.real);
  if (real === null || real.rest !== '') return { kind: 'error', message: `real server ${quote(options.real ?? '')} is not a numeric address:port` };
  return {
    kind: 'server',
    protocol: options.protocol,
    ip: address.ip,
    port: address.port,
    real: { ip: real.ip, port: real.port },
    forward: options.forward ?? null,
    weight: options.weight ?? null,
  };
}

interface Options {
  protocol?: L4Protocol;
  address?: string;
  fwmark?: string;
  scheduler?: string;
  persistent?: number;
  real?: string;
  forward?: string;
  weight?: number;
}

function readOptions(words: string[]): Options {
  const options: Options = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const value = words[i + 1];
    const protocol = SERVICE_OPTIONS[word];
    if (protocol !== undefined) {
      options.protocol = protocol;
      options.address = value;
    } else if (word === '-f' || word === '--fwmark-service') options.fwmark = value ?? '';
    else if (word === '-s' || word === '--scheduler') options.scheduler = value;
    else if (word === '-p' || word === '--persistent') options.persistent = wholeNumber(value);
    else if (word === '-r' || word === '--real-server') options.real = value;
    else if (word === '-w' || word === '--weight') options.weight = wholeNumber(value);
    else if (FORWARD_OPTIONS[word] !== undefined) options.forward = FORWARD_OPTIONS[word];
    if (!FLAGS.has(word) && word.startsWith('-') && value !== undefined && !value.startsWith('-')) i++;
  }
  return options;
}

function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/**
 * IP addresses and `address:port` as node dumps print them, in one canonical text form so that a
 * dump's address compares equal to the API's: IPv4 dotted decimal, IPv6 in RFC 5952 form (lower
 * case, no leading zeros, the longest run of zero groups as `::`), which is what both inet_ntop
 * (ipvsadm) and Go's netip.Addr.String (Cilium, kube-proxy) print. Pure text handling: no DNS.
 */
import { parsePort } from '../kubeproxy/hostPort.ts';

/** An address and port read from a dump, and the text that follows the port (`/TCP`, `:TCP:i`). */
export interface AddressPort {
  ip: string;
  port: number;
  rest: string;
}

/**
 * `10.0.0.1:80`, `[fd00::1]:80`, and anything after the port (`10.0.0.1:80/TCP/i`). null when the
 * address is not an IP (ipvsadm without `-n` prints host names) or the port is not a number.
 */
export function parseAddressPort(text: string): AddressPort | null {
  let ipText: string;
  let after: number;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text.charAt(close + 1) !== ':') return null;
    ipText = text.slice(1, close);
    after = close + 2;
  } else {
    const colon = text.indexOf(':');
    if (colon < 0) return null;
    ipText = text.slice(0, colon);
    after = colon + 1;
  }
  let end = after;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  const port = parsePort(text.slice(after, end));
  const ip = canonicalIp(ipText);
  if (ip === null || port === null) return null;
  return { ip, port, rest: text.slice(end) };
}

/** The canonical form of an IPv4 or IPv6 address, or null when `text` is neither. */
export function canonicalIp(text: string): string | null {
  if (text.includes(':')) return canonicalIPv6(text);
  return parseIPv4(text) === null ? null : text;
}

/** The canonical text of an address as it appears in brackets or not: IPv6 always bracketed. */
export function formatAddressPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The four octets of a dotted-decimal IPv4 address without leading zeros, or null. */
function parseIPv4(text: string): number[] | null {
  const octets: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46;
    if (code === 46) {
      if (digits === 0 || octets.length === 4) return null;
      octets.push(value);
      value = 0;
      digits = 0;
    } else if (isDigit(code)) {
      // No leading zeros ("010" is octal to some parsers, and never printed).
      if (digits > 0 && value === 0) return null;
      value = value * 10 + (code - 48);
      digits++;
      if (value > 255) return null;
    } else return null;
  }
  return octets.length === 4 ? octets : null;
}

/** The eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or null. */
function parseIPv6(text: string): number[] | null {
  if (text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] ?? '').split(':')) : [];
  const groups: number[] = [];
  const readGroups = (parts: string[], allowIPv4Tail: boolean): number[] | null => {
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (allowIPv4Tail && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (v4 === null) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return null;
      out.push(Number.parseInt(part, 16));
    }
    return out;
  };
  const first = readGroups(head, halves.length === 1);
  const last = readGroups(tail, true);
  if (first === null || last === null) return null;
  if (halves.length === 1) return first.length === 8 ? first : null;
  const missing = 8 - first.length - last.length;
  if (missing < 1) return null;
  groups.push(...first, ...new Array<number>(missing).fill(0), ...last);
  return groups;
}

/** RFC 5952 text of an IPv6 address; IPv4-mapped addresses keep their dotted tail (`::ffff:1.2.3.4`). */
function canonicalIPv6(text: string): string | null {
  const groups = parseIPv6(text);
  if (groups === null) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return `::ffff:${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

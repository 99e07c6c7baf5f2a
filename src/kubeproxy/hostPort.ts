/**
 * `ip:port` as kube-proxy writes endpoints: net.JoinHostPort, so IPv6 is bracketed
 * (`[fd00::1]:80`) in DNAT `--to-destination` and in `ns/svc:port -> ip:port` comments.
 */
export interface HostPort {
  ip: string;
  port: number;
}

/** The address and port of `10.0.0.1:80` or `[fd00::1]:80`; null when either is missing. */
export function parseHostPort(text: string): HostPort | null {
  let ip: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text.charAt(close + 1) !== ':') return null;
    ip = text.slice(1, close);
    portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0 || text.indexOf(':') !== colon) return null;
    ip = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  const port = parsePort(portText);
  if (ip === '' || port === null || !looksLikeIp(ip)) return null;
  return { ip, port };
}

function looksLikeIp(ip: string): boolean {
  if (ip.includes(':')) return /^[0-9A-Fa-f:.]+$/.test(ip);
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** A decimal port in 0..65535, or null. */
export function parsePort(text: string): number | null {
  if (text.length === 0 || text.length > 5) return null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/**
 * Cilium's printed addresses. pkg/loadbalancer L3n4Addr.StringWithProtocol prints
 * `IPv4:port/PROTO` or `[IPv6]:port/PROTO`, with `/i` for the internal lookup scope; agents before
 * that printed `IP:port` alone, so the protocol is 'unknown' there; the frontend-address identifiers of the service API print `IP:port:PROTO(:i)`
 * (cilium PR #29055). Protocol names are matched without case (L4Type is "TCP"; the swagger
 * FrontendAddress enum is lower case).
 */
import { parseAddressPort } from '../dataplane/address.ts';
import type { BackendState, ServiceProtocol } from '../dataplane/types.ts';
import type { CiliumAddress } from './model.ts';

const PROTOCOLS: Record<string, ServiceProtocol> = { tcp: 'tcp', udp: 'udp', sctp: 'sctp', any: 'unknown', none: 'unknown' };

/** A frontend address with its protocol and scope; null when the text is not one. */
export function parseFrontendAddress(text: string): CiliumAddress | null {
  const parsed = parseAddressPort(text);
  if (parsed === null) return null;
  const { rest } = parsed;
  if (rest === '') return { ip: parsed.ip, port: parsed.port, protocol: 'unknown', scope: 'external' };
  // `bpf lb list` keys of 2024 print the scope without the protocol (lbmap Service4Key.String).
  if (rest === '/i') return { ip: parsed.ip, port: parsed.port, protocol: 'unknown', scope: 'internal' };
  const separator = rest.charAt(0);
  if (separator !== '/' && separator !== ':') return null;
  const [protocolText = '', scopeText, extra] = rest.slice(1).split(separator);
  const protocol = PROTOCOLS[protocolText.toLowerCase()];
  if (protocol === undefined || extra !== undefined || (scopeText !== undefined && scopeText !== 'i')) return null;
  return { ip: parsed.ip, port: parsed.port, protocol, scope: scopeText === 'i' ? 'internal' : 'external' };
}

/** The protocol named in the JSON model (`"TCP"`, `"tcp"`, `"ANY"`, absent). */
export function protocolOf(name: unknown): ServiceProtocol | null {
  if (name === undefined || name === null || name === '') return 'unknown';
  return typeof name === 'string' ? (PROTOCOLS[name.toLowerCase()] ?? null) : null;
}

const STATES: Record<string, BackendState> = {
  active: 'active',
  terminating: 'terminating',
  'terminating-not-serving': 'terminating-not-serving',
  quarantined: 'quarantined',
  maintenance: 'maintenance',
};

/** A backend state as printed: `active`, or `(active)` in the table. */
export function backendState(text: string): BackendState | null {
  const bare = text.startsWith('(') && text.endsWith(')') ? text.slice(1, -1) : text;
  return STATES[bare] ?? null;
}

/**
 * The names kube-proxy gives its per-service objects in nftables mode, and what they say.
 *
 * pkg/proxy/nftables/proxier.go: servicePortChainNameBase is `ns/name/protocol/portName`,
 * servicePortEndpointChainNameBase adds `__endpointIP/endpointPort` (an IPv6 address with its colons
 * replaced by dots), and hashAndTruncate prefixes `base32(sha256(base))[:8] + "-"` and cuts names
 * longer than chainNameBaseLengthMax to that length with a trailing "..." (240 characters since
 * knftables' NameLengthMax went to 256, 112 before). The prefixes are service- (cluster policy),
 * local- (Local policy), external-, firewall-, endpoint- and affinity- (an endpoint's set).
 * Unlike the iptables hash, the name carries the identity in clear, so nothing here needs a comment;
 * ../hash.ts hashAndTruncate recomputes a name from a service port.
 */
import type { L4Protocol } from '../../dataplane/types.ts';

export type ObjectKind = 'service' | 'local' | 'external' | 'firewall' | 'endpoint' | 'affinity';

const PREFIXES: readonly (readonly [string, ObjectKind])[] = [
  ['service-', 'service'],
  ['endpoint-', 'endpoint'],
  ['external-', 'external'],
  ['local-', 'local'],
  ['firewall-', 'firewall'],
  ['affinity-', 'affinity'],
];

export interface PortName {
  /** "namespace/name". */
  service: string;
  /** "" when the service port is unnamed. */
  port: string;
  protocol: L4Protocol;
  /** `ns/name/protocol/port`: the same for every object of one service port. */
  key: string;
}

export interface KubeProxyName {
  kind: ObjectKind;
  /** The eight base32 characters after the prefix. */
  hash: string;
  /** null when a cut ("...") name lost part of the service port. */
  port: PortName | null;
  /** endpoint-/affinity- only: the `ip/port` part as written (IPv6 colons are dots there). */
  endpoint: string | null;
}

/** The kind and service port of a kube-proxy object name, or null for any other name. */
export function parseKubeProxyName(name: string): KubeProxyName | null {
  // Service objects always contain a slash; stock chains never do (isServiceChainName).
  if (name.indexOf('/') < 0) return null;
  for (const [prefix, kind] of PREFIXES) {
    if (!name.startsWith(prefix)) continue;
    const hashEnd = prefix.length + 8;
    if (name.charCodeAt(hashEnd) !== 45 /* - */ || !isBase32(name, prefix.length, hashEnd)) return null;
    const base = name.slice(hashEnd + 1);
    const split = splitBase(base, kind === 'endpoint' || kind === 'affinity');
    if (split === null) return null;
    return { kind, hash: name.slice(prefix.length, hashEnd), port: split.port, endpoint: split.endpoint };
  }
  return null;
}

function isBase32(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 50 && c <= 55))) return false;
  }
  return true;
}

function splitBase(base: string, withEndpoint: boolean): { port: PortName | null; endpoint: string | null } | null {
  const cut = base.endsWith('...');
  const parts = base.split('/');
  const [namespace, name, protocol] = parts;
  if (namespace === undefined || name === undefined || namespace === '' || name === '') return null;
  let portName = parts.slice(3).join('/');
  let endpoint: string | null = null;
  if (withEndpoint) {
    const sep = portName.indexOf('__');
    if (sep >= 0) {
      endpoint = portName.slice(sep + 2);
      portName = portName.slice(0, sep);
    } else if (!cut) return null;
  }
  if (parts.length < 4 || (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') || (cut && endpoint === null)) {
    return cut ? { port: null, endpoint: null } : null;
  }
  const service = `${namespace}/${name}`;
  return { port: { service, port: portName, protocol, key: `${service}/${protocol}/${portName}` }, endpoint };
}

/** The service port key of a `ns/name:port` (or unnamed `ns/name`) comment and a protocol. */
export function portFromComment(comment: string, protocol: L4Protocol): PortName | null {
  const slash = comment.indexOf('/');
  if (slash <= 0 || comment.indexOf('/', slash + 1) >= 0 || comment.indexOf(' ') >= 0) return null;
  const colon = comment.indexOf(':', slash);
  const service = colon < 0 ? comment : comment.slice(0, colon);
  const port = colon < 0 ? '' : comment.slice(colon + 1);
  if (service.length === slash + 1) return null;
  return { service, port, protocol, key: `${service}/${protocol}/${port}` };
}

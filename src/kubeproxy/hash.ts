/**
 * kube-proxy's chain-name hashes, so a service port's chains can be named from the API objects.
 * iptables mode: pkg/proxy/iptables/proxier.go portProtoHash / servicePortPolicyClusterChain /
 * servicePortEndpointChainName (1.29; the 1.19 servicePortChainName uses the same formula).
 * nftables mode: pkg/proxy/nftables/proxier.go hashAndTruncate.
 */
import { sha256 } from './sha256.ts';
import type { L4Protocol } from '../dataplane/types.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first `length` characters of RFC 4648 base32 (Go's base32.StdEncoding) of `bytes`. */
export function base32Prefix(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += BASE32.charAt((buffer >> bits) & 31);
    }
    if (out.length >= length) return out;
  }
  // The last group is padded with zero bits.
  if (bits > 0 && out.length < length) out += BASE32.charAt((buffer << (5 - bits)) & 31);
  return out;
}

function sha256Base32(input: string): string {
  return base32Prefix(sha256(input), 16);
}

/**
 * base32(sha256(servicePortName + protocol))[:16]: the `<H>` shared by KUBE-SVC-, KUBE-SVL-,
 * KUBE-EXT-, KUBE-FW- and KUBE-XLB- chains. `servicePortName` is `ns/name:port`, or `ns/name`
 * for an unnamed port (older releases wrote `ns/name:`); `protocol` is lower case.
 */
export function portProtoHash(servicePortName: string, protocol: L4Protocol): string {
  return sha256Base32(servicePortName + protocol);
}

/** KUBE-SEP-<E>: base32(sha256(servicePortName + protocol + "ip:port"))[:16]. */
export function endpointChainName(servicePortName: string, protocol: L4Protocol, endpoint: string): string {
  return 'KUBE-SEP-' + sha256Base32(servicePortName + protocol + endpoint);
}

/** KUBE-SVC-<H>, the cluster-policy chain of a service port. */
export function clusterChainName(servicePortName: string, protocol: L4Protocol): string {
  return 'KUBE-SVC-' + portProtoHash(servicePortName, protocol);
}

/**
 * nftables mode (pkg/proxy/nftables/proxier.go hashAndTruncate): `base32(sha256(name))[:8] + "-" +
 * name`, cut to chainNameBaseLengthMax characters ending in "..." when longer (240 since knftables'
 * NameLengthMax is 256; 112 before). `name` is `ns/name/protocol/port` (servicePortChainNameBase),
 * with `__endpointIP/endpointPort` for endpoint chains and affinity sets.
 */
export function hashAndTruncate(name: string, max = 240): string {
  const full = `${base32Prefix(sha256(name), 8)}-${name}`;
  return full.length > max ? `${full.slice(0, max - 3)}...` : full;
}

/**
 * The chain names kube-proxy uses, and which of them the decoder reads.
 * pkg/proxy/iptables/proxier.go: servicePortPolicyClusterChain (KUBE-SVC-), servicePortPolicyLocalChainName
 * (KUBE-SVL-), serviceExternalChainName (KUBE-EXT-), serviceFirewallChainName (KUBE-FW-),
 * servicePortEndpointChainName (KUBE-SEP-); 1.19-1.23 serviceLBChainName (KUBE-XLB-).
 */

/** The per-service-port chains; all of one port share the same 16-character hash. */
export type PortChainKind = 'SVC' | 'SVL' | 'XLB' | 'EXT' | 'FW';

export const PORT_CHAIN_KINDS: readonly PortChainKind[] = ['SVC', 'SVL', 'XLB', 'EXT', 'FW'];

export const SERVICES = 'KUBE-SERVICES';
export const NODEPORTS = 'KUBE-NODEPORTS';
export const EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const ENDPOINT_PREFIX = 'KUBE-SEP-';
export const MARK_DROP = 'KUBE-MARK-DROP';

/** Whether `name` is a KUBE-SVC-/SVL-/XLB-/EXT-/FW- chain, checked without copying it. */
export function isPortChain(name: string): boolean {
  if (!name.startsWith('KUBE-')) return false;
  return (
    name.startsWith('SVC-', 5) || name.startsWith('EXT-', 5) || name.startsWith('SVL-', 5) || name.startsWith('FW-', 5) || name.startsWith('XLB-', 5)
  );
}

/** The kind and hash of a KUBE-SVC-/SVL-/XLB-/EXT-/FW- chain name, or null. */
export function portChainOf(name: string): { kind: PortChainKind; hash: string } | null {
  if (!name.startsWith('KUBE-')) return null;
  const dash = name.indexOf('-', 5);
  if (dash < 0) return null;
  const kind = name.slice(5, dash);
  if (kind !== 'SVC' && kind !== 'SVL' && kind !== 'XLB' && kind !== 'EXT' && kind !== 'FW') return null;
  const hash = name.slice(dash + 1);
  return hash.length > 0 ? { kind, hash } : null;
}

export function isEndpointChain(name: string | null): name is string {
  return name !== null && name.startsWith(ENDPOINT_PREFIX);
}

/**
 * Whether the chain name that starts at `text[pos]` is one the decoder reads: the entry chains
 * (nat and filter KUBE-SERVICES, KUBE-NODEPORTS, filter KUBE-EXTERNAL-SERVICES and
 * KUBE-PROXY-FIREWALL) and the per-service and per-endpoint chains. Checked in place, without
 * copying the name, because most lines of a big dump belong to other chains.
 */
export function isDecodedChainAt(text: string, pos: number): boolean {
  if (!text.startsWith('KUBE-', pos)) return false;
  const at = pos + 5;
  switch (text.charCodeAt(at)) {
    case 83: // S
      return (
        text.startsWith('SVC-', at) || text.startsWith('SEP-', at) || text.startsWith('SVL-', at) || endsWord(text, at, 'SERVICES')
      );
    case 69: // E
      return text.startsWith('EXT-', at) || endsWord(text, at, 'EXTERNAL-SERVICES');
    case 78: // N
      return endsWord(text, at, 'NODEPORTS');
    case 70: // F
      return text.startsWith('FW-', at);
    case 88: // X
      return text.startsWith('XLB-', at);
    case 80: // P
      return endsWord(text, at, 'PROXY-FIREWALL');
    default:
      return false;
  }
}

function endsWord(text: string, at: number, word: string): boolean {
  if (!text.startsWith(word, at)) return false;
  const next = text.charCodeAt(at + word.length);
  return next === 32 || next === 9 || Number.isNaN(next) || next === 10 || next === 13;
}

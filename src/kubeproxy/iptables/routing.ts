/**
 * Whether an `iptables-save` can show the node's service routing at all (src/dataplane/mode.ts
 * says how to tell: an IPVS-mode, nftables-mode or Cilium node routes its services outside these
 * chains). Decoding has already found kube-proxy's service chains in nearly every dump, and their
 * presence alone means the routing is shown, so the line scan of mode.ts runs only on a dump where
 * decoding found none: a small one, in practice.
 */
import { Buffer } from 'node:buffer';
import { routingVisibility } from '../../dataplane/mode.ts';
import type { RoutingVisibility } from '../../dataplane/types.ts';
import { ENDPOINT_PREFIX, isPortChain } from './chains.ts';
import { HASH, NEWLINE } from './chars.ts';
import type { DumpPass } from './chunks.ts';
import type { RuleSet } from './ruleSet.ts';

const SHOWN: RoutingVisibility = { shown: true };

/** A nat chain of kube-proxy's iptables mode among the decoded rules (a per-port or per-endpoint chain). */
function hasServiceChain(rules: RuleSet): boolean {
  for (const chain of rules.nat.keys()) if (isPortChain(chain) || chain.startsWith(ENDPOINT_PREFIX)) return true;
  return false;
}

/** The routing a whole dump in memory shows. */
export function textRouting(rules: RuleSet, text: string): RoutingVisibility {
  return hasServiceChain(rules) ? SHOWN : routingVisibility(text);
}

/**
 * The routing a dump read in chunks shows, when decoding looked at one service only: its chains
 * prove iptables mode; else any kube-proxy service chain of another service anywhere in the file
 * (a byte search per chunk); only a file without any is read line by line.
 */
export function passRouting(rules: RuleSet, pass: DumpPass): RoutingVisibility {
  if (hasServiceChain(rules) || passHasServiceChain(pass)) return SHOWN;
  const lines: string[] = [];
  for (const { bytes } of pass()) lines.push(...bytes.toString('utf8').split('\n'));
  return routingVisibility(lines);
}

const PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-XLB-', ENDPOINT_PREFIX].map((p) => Buffer.from(p));

function passHasServiceChain(pass: DumpPass): boolean {
  for (const { bytes } of pass()) {
    for (const prefix of PREFIXES) {
      for (let hit = bytes.indexOf(prefix); hit >= 0; hit = bytes.indexOf(prefix, hit + 1)) {
        // mode.ts skips `#` comment lines: so does this.
        if (bytes[bytes.lastIndexOf(NEWLINE, hit) + 1] !== HASH) return true;
      }
    }
  }
  return false;
}

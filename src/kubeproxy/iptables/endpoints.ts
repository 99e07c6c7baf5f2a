/**
 * The endpoints of one load-balancing chain (KUBE-SVC-, KUBE-SVL- or, before 1.24, KUBE-XLB-)
 * and their shares. Each jump goes to a KUBE-SEP chain whose DNAT `--to-destination` is the
 * endpoint (pkg/proxy/iptables/proxier.go syncProxyRules, "DNAT to final destination"); when a
 * grep hid that rule, the `ns/svc:port -> ip:port` comment of the jump (1.24+) names it too.
 */
import { parseHostPort, type HostPort } from '../hostPort.ts';
import { parseServiceComment } from '../serviceComment.ts';
import { shareEndpoints } from '../share.ts';
import type { EndpointShare } from '../../dataplane/types.ts';
import { MARK_DROP } from './chains.ts';
import type { Rule } from './rule.ts';
import type { RuleSet } from './ruleSet.ts';
import type { WarningLog } from './warningLog.ts';

export interface ChainReading {
  /** null when the dump does not show enough of the chain to list its endpoints. */
  endpoints: EndpointShare[] | null;
  /** `-m recent --rcheck --seconds N` (ClientIP affinity), null without affinity. */
  affinitySeconds: number | null;
  /** `-j KUBE-MARK-DROP` "has no local endpoints" (1.19-1.23 KUBE-XLB, 1.24 KUBE-SVL). */
  dropsNoLocal: boolean;
  /** KUBE-SEP chains this chain jumps to, including ones taken only by affinity. */
  endpointChains: string[];
}

/**
 * Reads `chain`. In a complete dump, a chain with no rule or no jump has no endpoints; in a
 * filtered one it is unknown, and shares are given only when the visible probabilities are a
 * whole kube-proxy series (see ../share.ts).
 */
export function readBalancingChain(chain: string, rules: RuleSet, complete: boolean, log: WarningLog): ChainReading {
  const chainRules = rules.chain('nat', chain);
  const { jumps, whole } = shareEndpoints(chainRules);
  const reading: ChainReading = {
    endpoints: null,
    affinitySeconds: affinityOf(chainRules),
    dropsNoLocal: chainRules.some((rule) => rule.target === MARK_DROP),
    endpointChains: [...new Set(chainRules.flatMap((rule) => (rule.target?.startsWith('KUBE-SEP-') ? [rule.target] : [])))],
  };
  if (jumps.length === 0) {
    reading.endpoints = complete || reading.dropsNoLocal ? [] : null;
    return reading;
  }
  // Every jump is an endpoint with its share, even when its KUBE-SEP chain is not in the dump: the
  // address is then unknown (null), never a reason to lose the endpoints and shares that are known.
  reading.endpoints = jumps.map(({ rule, share }) => {
    const sep = rule.target ?? '';
    const destination = destinationOf(sep, rule, rules);
    if (destination === null && complete) log.warn(rule.offset, `${sep} has no DNAT rule: its endpoint is unknown`);
    return { ip: destination?.ip ?? null, port: destination?.port ?? null, share: whole || complete ? share : null, chain: sep };
  });
  return reading;
}

function affinityOf(chainRules: readonly Rule[]): number | null {
  let seconds: number | null = null;
  for (const rule of chainRules) {
    const recent = rule.recent;
    if (recent?.mode === 'rcheck' && recent.seconds !== null) seconds = Math.max(seconds ?? 0, recent.seconds);
  }
  return seconds;
}

/** The endpoint a KUBE-SEP chain DNATs to, or the one the jump's comment names. */
function destinationOf(sep: string, jump: Rule, rules: RuleSet): HostPort | null {
  for (const rule of rules.chain('nat', sep)) {
    if (rule.toDestination !== null) return parseHostPort(rule.toDestination);
  }
  const endpoint = jump.comment === null ? null : parseServiceComment(jump.comment)?.endpoint;
  return endpoint === null || endpoint === undefined ? null : parseHostPort(endpoint);
}

/**
 * Endpoint chains no live service chain jumps to. Partial syncs (1.26+ tryPartialSync) and
 * large-cluster mode delete stale chains late (pkg/proxy/iptables/proxier.go syncProxyRules,
 * "lastIPTablesCleanup"), and a grep can hide the jump to a chain; either way the endpoint must
 * not be counted as one the service sends traffic to.
 */
import { parseHostPort } from '../hostPort.ts';
import { parseServiceComment } from '../serviceComment.ts';
import type { NodeRules } from '../../dataplane/types.ts';
import { isEndpointChain } from './chains.ts';
import type { RuleSet } from './ruleSet.ts';

/**
 * The KUBE-SEP chains with a DNAT rule that are not in `referenced`, with the service their own
 * comment names, else the one the stale service chain jumping to them names (`staleOwners`).
 */
export function orphanEndpoints(rules: RuleSet, referenced: Set<string>, staleOwners: Map<string, string>): NodeRules['orphanEndpoints'] {
  const orphans: NodeRules['orphanEndpoints'] = [];
  for (const [chain, chainRules] of rules.nat) {
    if (!isEndpointChain(chain) || referenced.has(chain)) continue;
    const dnat = chainRules.find((rule) => rule.toDestination !== null);
    const destination = dnat?.toDestination == null ? null : parseHostPort(dnat.toDestination);
    if (destination === null) continue;
    const named = chainRules.find((rule) => rule.comment !== null);
    const fromComment = named?.comment == null ? null : (parseServiceComment(named.comment)?.service ?? null);
    const service = fromComment ?? staleOwners.get(chain) ?? null;
    orphans.push({ chain, ip: destination.ip, port: destination.port, service });
  }
  return orphans.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
}

/**
 * Which nat chains packets can reach. Traffic enters kube-proxy's nat rules only through
 * KUBE-SERVICES (jumped to from PREROUTING and OUTPUT) and KUBE-NODEPORTS (jumped to from the
 * last KUBE-SERVICES rule): pkg/proxy/iptables/proxier.go iptablesJumpChains. Chains nothing
 * reachable jumps to are stale: partial syncs and large-cluster mode delete them late
 * (proxier.go syncProxyRules, "lastIPTablesCleanup").
 */
import { ENDPOINT_PREFIX, NODEPORTS, SERVICES } from './chains.ts';
import type { RuleSet } from './ruleSet.ts';

/** Names of the nat chains reachable from the entry chains (endpoint chains left out), including ones only jumped to. */
export function reachableChains(rules: RuleSet): Set<string> {
  const reached = new Set<string>([SERVICES, NODEPORTS]);
  const queue = [SERVICES, NODEPORTS];
  for (let chain = queue.pop(); chain !== undefined; chain = queue.pop()) {
    for (const rule of rules.chain('nat', chain)) {
      const target = rule.target;
      // Endpoint chains only DNAT, and the callers never ask whether one was reached.
      if (target === null || !target.startsWith('KUBE-') || target.startsWith(ENDPOINT_PREFIX) || reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return reached;
}

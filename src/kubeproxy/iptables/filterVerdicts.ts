/**
 * The filter-table rules for service ports without usable endpoints
 * (pkg/proxy/iptables/proxier.go syncProxyRules): `"<spn> has no endpoints" -j REJECT` when the
 * service has no usable endpoint anywhere, `"<spn> has no local endpoints" -j DROP` when the
 * traffic policy is Local and this node has none. They sit in filter KUBE-SERVICES (cluster IP;
 * also LB IPs in 1.19) and KUBE-EXTERNAL-SERVICES (external IPs, LB IPs, node ports).
 */
import { parseServiceComment } from '../serviceComment.ts';
import type { L4Protocol } from '../../dataplane/types.ts';
import { EXTERNAL_SERVICES, SERVICES } from './chains.ts';
import type { PortIdentity } from './portGroups.ts';
import type { Rule } from './rule.ts';
import type { RuleSet } from './ruleSet.ts';

export interface FilterVerdict {
  identity: PortIdentity;
  verdict: 'reject' | 'drop';
  rules: Rule[];
}

/** Key of a service port: namespace/name, port name and protocol. */
export function portKey(identity: PortIdentity): string {
  return `${identity.service}\u0000${identity.port}\u0000${identity.protocol}`;
}

/** Filter verdicts by service port key. A REJECT outranks a DROP for the same port. */
export function readFilterVerdicts(rules: RuleSet): Map<string, FilterVerdict> {
  const verdicts = new Map<string, FilterVerdict>();
  for (const chain of [SERVICES, EXTERNAL_SERVICES]) {
    for (const rule of rules.chain('filter', chain)) {
      const found = verdictOf(rule);
      if (found === null) continue;
      const key = portKey(found.identity);
      const known = verdicts.get(key);
      if (known === undefined) verdicts.set(key, { ...found, rules: [rule] });
      else {
        known.rules.push(rule);
        if (found.verdict === 'reject') known.verdict = 'reject';
      }
    }
  }
  return verdicts;
}

function verdictOf(rule: Rule): { identity: PortIdentity; verdict: 'reject' | 'drop' } | null {
  if (rule.comment === null) return null;
  const named = parseServiceComment(rule.comment);
  if (named === null || (named.kind !== 'noEndpoints' && named.kind !== 'noLocalEndpoints')) return null;
  const protocol = rule.protocol;
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') return null;
  const verdict = rule.target === 'REJECT' ? 'reject' : rule.target === 'DROP' ? 'drop' : named.kind === 'noEndpoints' ? 'reject' : 'drop';
  const identity: PortIdentity = { service: named.service, port: named.port, protocol: protocol satisfies L4Protocol };
  return { identity, verdict };
}

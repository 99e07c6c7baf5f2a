/**
 * Puts the pieces together into one ServicePortRules per service port: the frontends that enter
 * its chains, the endpoints of its cluster (KUBE-SVC) and local (KUBE-SVL, or KUBE-XLB before
 * 1.24) chains, and the filter verdicts. The layouts are those of pkg/proxy/iptables/proxier.go
 * syncProxyRules from 1.19 (KUBE-XLB, KUBE-MARK-DROP) to 1.29+ (KUBE-EXT, KUBE-SVL, filter DROP).
 */
import type { ServicePortRules } from '../../dataplane/types.ts';
import { PORT_CHAIN_KINDS } from './chains.ts';
import { readBalancingChain, type ChainReading } from './endpoints.ts';
import type { FilterVerdict } from './filterVerdicts.ts';
import { addFilterFrontends, addFrontend, byFrontend, entryFrontend } from './frontends.ts';
import type { PortGroup, PortIdentity } from './portGroups.ts';
import type { RuleSet } from './ruleSet.ts';
import type { WarningLog } from './warningLog.ts';

export interface PortContext {
  rules: RuleSet;
  complete: boolean;
  log: WarningLog;
  /** nat chains reachable from KUBE-SERVICES / KUBE-NODEPORTS. */
  reached: Set<string>;
  /** Chains jumped to that a complete dump does not define (integrity.ts): their endpoints are unknown. */
  undefinedChains: Set<string>;
}

/** The decoded service port, and the endpoint chains its balancing chains jump to. */
export function describeGroup(
  group: PortGroup,
  identity: PortIdentity,
  verdict: FilterVerdict | undefined,
  context: PortContext,
): { port: ServicePortRules; endpointChains: string[] } {
  const cluster = readChain(group.chains.get('SVC'), context);
  const local = readChain(group.chains.get('SVL') ?? group.chains.get('XLB'), context);
  const frontends: ServicePortRules['frontends'] = [];
  for (const entry of group.entries) addFrontend(frontends, entryFrontend(entry));
  if (verdict !== undefined) addFilterFrontends(frontends, verdict.rules);
  frontends.sort(byFrontend);
  const noEndpoints = verdict?.verdict ?? (local?.dropsNoLocal === true ? 'drop' : null);
  const port: ServicePortRules = {
    service: identity.service,
    port: identity.port,
    protocol: identity.protocol,
    frontends,
    endpoints: isUndefined(group.chains.get('SVC'), context) ? null : (cluster?.endpoints ?? (context.complete || noEndpoints === 'reject' ? [] : null)),
    localEndpoints: isUndefined(group.chains.get('SVL') ?? group.chains.get('XLB'), context) ? null : (local?.endpoints ?? (noEndpoints === 'drop' ? [] : null)),
    clusterIPChain: clusterIPChainOf(group),
    noEndpoints,
    affinitySeconds: maxOrNull(cluster?.affinitySeconds ?? null, local?.affinitySeconds ?? null),
    chains: PORT_CHAIN_KINDS.flatMap((kind) => group.chains.get(kind) ?? []),
  };
  return { port, endpointChains: [...(cluster?.endpointChains ?? []), ...(local?.endpointChains ?? [])] };
}

/** A service port known only from filter rules: kube-proxy wrote no nat chain for it. */
export function describeVerdictOnly(verdict: FilterVerdict, complete: boolean): ServicePortRules {
  const frontends: ServicePortRules['frontends'] = [];
  addFilterFrontends(frontends, verdict.rules);
  frontends.sort(byFrontend);
  return {
    ...verdict.identity,
    frontends,
    endpoints: verdict.verdict === 'reject' || complete ? [] : null,
    localEndpoints: verdict.verdict === 'drop' ? [] : null,
    clusterIPChain: null,
    noEndpoints: verdict.verdict,
    affinitySeconds: null,
    chains: [],
  };
}

/** Reads a balancing chain, unless it is a stale chain of a complete dump that nothing reaches. */
function readChain(chain: string | undefined, context: PortContext): ChainReading | null {
  if (chain === undefined) return null;
  if (context.complete && !context.reached.has(chain)) return null;
  return readBalancingChain(chain, context.rules, context.complete, context.log);
}

/** A chain the dump jumps to but does not define: what it holds is unknown. */
function isUndefined(chain: string | undefined, context: PortContext): boolean {
  return chain !== undefined && context.undefinedChains.has(chain);
}

/** Where the "cluster IP" rule of KUBE-SERVICES jumps: KUBE-SVL when internalTrafficPolicy is Local. */
function clusterIPChainOf(group: PortGroup): ServicePortRules['clusterIPChain'] {
  for (const entry of group.entries) {
    if (entryFrontend(entry)?.type !== 'clusterIP') continue;
    if (entry.target?.startsWith('KUBE-SVC-')) return 'cluster';
    if (entry.target?.startsWith('KUBE-SVL-')) return 'local';
  }
  return null;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}

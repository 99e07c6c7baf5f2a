/**
 * The document `kubectl slices rules -o json|yaml` prints: NodeRules with the services first and
 * shares rounded to six decimals (kernel rounding leaves noise like 0.333333333255). Every format
 * prints the same fields; a field only some dataplanes show (an endpoint's Cilium `state`, an IPVS
 * `weight` or `scheduler`, the entry's `family` in an `nft list ruleset`) is there when shown.
 */
import type { Dataplane, DumpWarning, EndpointShare, Frontend, NodeRules, RoutingVisibility, ServicePortRules } from '../dataplane/types.ts';

export interface EndpointDocument extends Pick<EndpointShare, 'state' | 'weight' | 'forward' | 'connections' | 'node'> {
  /** null: the jump to its chain is in the dump, the rule that names the address is not. */
  ip: string | null;
  port: number | null;
  share: number | null;
  chain: string | null;
}

export interface ServicePortDocument {
  service: string | null;
  port: string | null;
  protocol: ServicePortRules['protocol'];
  frontends: Frontend[];
  endpoints: EndpointDocument[] | null;
  localEndpoints: EndpointDocument[] | null;
  noEndpoints: ServicePortRules['noEndpoints'];
  affinitySeconds: number | null;
  clusterIPChain: ServicePortRules['clusterIPChain'];
  chains: string[];
  scheduler?: string;
  family?: ServicePortRules['family'];
}

export interface RulesDocument {
  services: ServicePortDocument[];
  node: string;
  source: string;
  dataplane: Dataplane;
  routing: RoutingVisibility;
  completeness: NodeRules['completeness'];
  orphanEndpoints: NodeRules['orphanEndpoints'];
  warnings: DumpWarning[];
}

export function rulesDocument(rules: NodeRules): RulesDocument {
  return {
    services: rules.services.map(servicePortDocument),
    node: rules.node,
    source: rules.source,
    dataplane: rules.dataplane,
    routing: rules.routing,
    completeness: rules.completeness,
    orphanEndpoints: rules.orphanEndpoints,
    warnings: rules.warnings,
  };
}

export function servicePortDocument(port: ServicePortRules): ServicePortDocument {
  return {
    service: port.service,
    port: port.port,
    protocol: port.protocol,
    frontends: port.frontends.map(({ type, ip, port: number, kind }) => ({ type, ip, port: number, ...(kind === undefined ? {} : { kind }) })),
    endpoints: endpointDocuments(port.endpoints),
    localEndpoints: endpointDocuments(port.localEndpoints),
    noEndpoints: port.noEndpoints,
    affinitySeconds: port.affinitySeconds,
    clusterIPChain: port.clusterIPChain,
    chains: port.chains,
    ...(port.scheduler === undefined ? {} : { scheduler: port.scheduler }),
    ...(port.family === undefined ? {} : { family: port.family }),
  };
}

function endpointDocuments(endpoints: EndpointShare[] | null): EndpointDocument[] | null {
  if (endpoints === null) return null;
  return endpoints.map(({ ip, port, share, chain, ...shown }) => ({ ip, port, share: roundShare(share), chain, ...shown }));
}

/** Six decimals: enough to tell 1/3 from 1/4, without the kernel's 2^-31 steps. */
export function roundShare(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1e6) / 1e6;
}

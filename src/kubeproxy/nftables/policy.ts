/**
 * The endpoints of one policy chain (service-… for the Cluster policy, local-… for Local) and the
 * share of new connections each gets, whatever the release wrote there:
 *
 * - `numgen random mod N vmap { i : goto endpoint-… }`, each endpoint chain DNATing to its address;
 * - `dnat … to numgen random mod N map { i : IP . port }`, the addresses in the rule itself;
 * - a single `dnat … to IP . port` / `IP:port` (1.37 single-endpoint services).
 *
 * A filtered dump keeps every visible fact: an element whose endpoint chain (or its DNAT) is not in
 * the dump is listed with `ip: null, port: null`, and its share is still values/N.
 */
import type { EndpointShare } from '../../dataplane/types.ts';
import type { WarningLog } from '../iptables/warningLog.ts';
import type { Balancing } from './dnat.ts';
import type { TableModel } from './model.ts';

export interface PolicyReading {
  /** null when the dump does not show enough of the chain. */
  endpoints: EndpointShare[] | null;
  /** endpoint-… chains the chain sends to (balancing and affinity rules). */
  endpointChains: string[];
  /** Affinity sets the chain looks up (`ip saddr @affinity-… goto endpoint-…`). */
  affinitySets: string[];
}

/**
 * Reads `name` in `table`. `whole` says the table is complete, so a chain with no balancing rule
 * really has none, and a jump to a chain the dump lacks is an anomaly worth a warning.
 */
export function readPolicyChain(table: TableModel, name: string, whole: boolean, log: WarningLog): PolicyReading {
  const chain = table.chains.get(name);
  const reading: PolicyReading = { endpoints: null, endpointChains: [], affinitySets: [] };
  if (chain === undefined) return reading;
  for (const { rule } of chain.rules) {
    reading.affinitySets.push(...rule.lookups.filter((set) => set.startsWith('affinity-')));
    if (rule.action.kind === 'jump' && rule.action.chain.startsWith('endpoint-')) reading.endpointChains.push(rule.action.chain);
  }
  for (const { offset, rule } of chain.rules) {
    const action = rule.action;
    if (action.kind === 'balance') {
      reading.endpoints = fromJumps(table, action.balancing, whole, offset, log);
      for (const slot of action.balancing.slots) if (slot.target.kind === 'chain') reading.endpointChains.push(slot.target.chain);
    } else if (action.kind === 'dnat') {
      const dnat = action.dnat;
      reading.endpoints = dnat.kind === 'balance' ? fromAddresses(dnat.balancing) : [{ ...dnat.address, share: 1, chain: null }];
    }
  }
  if (reading.endpoints === null && (whole || chain.closed)) reading.endpoints = [];
  reading.endpointChains = [...new Set(reading.endpointChains)];
  return reading;
}

/** One entry per address; an address under several values gets all their shares. */
function fromAddresses(balancing: Balancing): EndpointShare[] {
  const endpoints = new Map<string, EndpointShare>();
  for (const slot of balancing.slots) {
    if (slot.target.kind !== 'address') continue;
    const { ip, port } = slot.target;
    const share = slot.values / balancing.modulus;
    const same = endpoints.get(`${ip} ${port}`);
    if (same !== undefined) same.share = (same.share ?? 0) + share;
    else endpoints.set(`${ip} ${port}`, { ip, port, share, chain: null });
  }
  return [...endpoints.values()];
}

/** One entry per endpoint chain, in the order the map first names them. */
function fromJumps(table: TableModel, balancing: Balancing, whole: boolean, offset: number, log: WarningLog): EndpointShare[] {
  const endpoints = new Map<string, EndpointShare>();
  for (const slot of balancing.slots) {
    if (slot.target.kind !== 'chain') continue;
    const chain = slot.target.chain;
    const share = slot.values / balancing.modulus;
    const same = endpoints.get(chain);
    if (same !== undefined) {
      same.share = (same.share ?? 0) + share;
      continue;
    }
    const address = endpointAddress(table, chain);
    if (address === null && whole) {
      const declared = table.chains.get(chain)?.declared === true;
      log.warn(offset, declared ? `${chain} has no DNAT rule: its endpoint is unknown` : `jump to ${chain}, which is not defined in the table`);
    }
    endpoints.set(chain, { ip: address?.ip ?? null, port: address?.port ?? null, share, chain });
  }
  return [...endpoints.values()];
}

/** The address an endpoint chain DNATs to, or null when its DNAT is not in the dump. */
export function endpointAddress(table: TableModel, chain: string): { ip: string; port: number } | null {
  for (const { rule } of table.chains.get(chain)?.rules ?? []) {
    if (rule.action.kind === 'dnat' && rule.action.dnat.kind === 'address') return rule.action.dnat.address;
  }
  return null;
}

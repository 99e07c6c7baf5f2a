/**
 * The addresses node rules send a Service's traffic to, so that a pod the selector no longer
 * matches and no endpoint names, but that a node's rules still reach, is found and shown as a pod
 * (select.ts `ruleAddresses`). Endpoints whose address is not in a dump name nothing.
 */
import type { NodeCapture } from '../dataplane/capture.ts';
import type { NodeRules } from '../dataplane/types.ts';
import type { Service } from '../kubernetes/objects.ts';
import { serviceKey } from '../kubernetes/ref.ts';
import { attributeDump, NO_NODES } from './attribute.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * Before the nodes are known, a dump that names no Service is matched by the Service's own
 * addresses and its node ports on no address only (attribute.ts NO_NODES): an address is looked
 * up only when it is surely the Service's.
 */
export function ruleAddresses(service: Service, dumps: readonly NodeRules[]): Set<string> {
  const key = serviceKey(service);
  const addresses = new Set<string>();
  for (const dump of dumps) {
    for (const rules of attributeDump(dump, service, NO_NODES).services) {
      if (rules.service !== key) continue;
      for (const endpoint of [...(rules.endpoints ?? []), ...(rules.localEndpoints ?? [])]) if (endpoint.ip !== null) addresses.add(endpoint.ip);
    }
  }
  return addresses;
}

/** Of `addresses`, those no pod of `pods` has: the ones worth looking a pod up for. */
export function unownedAddresses(addresses: ReadonlySet<string>, podIPs: readonly string[]): Set<string> {
  const owned = new Set(podIPs);
  return new Set([...addresses].filter((a) => !owned.has(a)));
}

/**
 * What a source found before the node rules are read: the Snapshot so far (its pods and endpoints
 * name the nodes `--collect-dataplane` reads) and the node outputs a `snapshot --collect-dataplane`
 * bundle carries (none from the cluster: the caller reads them there).
 */
export interface FoundService {
  snapshot: Snapshot;
  captures: readonly NodeCapture[];
}

/**
 * How a source learns those addresses once it has found the Service: reading the node dumps needs
 * the Service's namespace and name, which only the source resolves.
 */
export type RuleAddressesOf = (service: Service, found: FoundService) => Promise<ReadonlySet<string>>;

/**
 * The share of new connections each backend of a Cilium frontend gets, from what Cilium does:
 *
 * - Which backends take new connections: pkg/loadbalancer/reconciler/bpf_reconciler.go
 *   updateFrontend sorts the backends active first (sortedBackends: by state, then address), counts
 *   the active ones, and writes that count in the service's master entry; "If there are no active
 *   backends we can use the terminating backends" (activeCount = terminatingCount, KEP-1669),
 *   otherwise terminating backends count as inactive. Quarantined, maintenance and
 *   terminating-not-serving backends are always inactive (pkg/loadbalancer/loadbalancer.go:
 *   quarantined "will not be selected for load-balancing traffic", maintenance "will neither be
 *   selected ... nor be health-checked", terminating-not-serving "cannot be used as fallback").
 * - How one of those is picked: bpf/lib/lb.h lb4_select_backend_id_random takes slot
 *   `get_prandom_u32() % svc->count + 1`, each selectable backend alike, weights unused;
 *   lb4_select_backend_id_maglev looks the flow's 5-tuple hash (the client's source port included,
 *   unless session affinity is on) up in a Maglev table that the reconciler fills from the same
 *   selectable backends by weight (computeMaglevTable), so each gets its weight's share of the
 *   table; with equal weights that is 1/n to within one entry of the table (16381 by default).
 *   The dumps do not say which algorithm a frontend uses, so the share is 1/n when the weights
 *   are equal or not shown (Kubernetes backends all get loadbalancer.DefaultBackendWeight; other
 *   weights come only from the agent's own API), and unknown when shown weights differ.
 * - ClusterMesh service affinity can restrict selection to the backends marked preferred; the
 *   annotation is not in the dump, so a list with some backends preferred and some not has
 *   unknown shares.
 *
 * Agents before backend states (the BackendAddress model had only ip, port and nodeName) listed
 * exactly the backends in the service's slots, all selectable: a backend without a state counts
 * as active.
 */
import { evenShares } from '../dataplane/share.ts';
import type { CiliumBackend } from './model.ts';

export function ciliumShares(backends: readonly CiliumBackend[], whole: boolean): (number | null)[] {
  const active = backends.map((backend) => backend.state === undefined || backend.state === 'active');
  const selected = active.some(Boolean) ? active : backends.map((backend) => backend.state === 'terminating');
  if (!whole || !uniform(backends.filter((_, i) => selected[i]))) return selected.map((chosen) => (chosen ? null : 0));
  return evenShares(selected);
}

function uniform(selected: readonly CiliumBackend[]): boolean {
  const weights = new Set(selected.map((backend) => backend.weight).filter((weight) => weight !== undefined));
  const preferred = new Set(selected.map((backend) => backend.preferred === true));
  return weights.size <= 1 && preferred.size <= 1;
}

/**
 * The share of new connections each real server of a virtual service gets, from what the kernel's
 * IPVS schedulers do (net/netfilter/ipvs/ip_vs_*.c):
 *
 * - weight 0 is "quiescent": ipvsadm(8), -w: "A quiescent server will receive no new jobs but
 *   still serve the existing jobs, for all scheduling algorithms distributed with the Linux Virtual
 *   Server" (ip_vs_rr_schedule, for one, only takes a server with `weight > 0`). This
 *   is how kube-proxy drains an endpoint it removed (pkg/proxy/ipvs graceful_termination.go), and
 *   a weight stuck at 0 for a Ready endpoint is kubernetes#92019 / #108319.
 * - rr (kube-proxy's default, proxier.go defaultScheduler): ip_vs_rr_schedule takes the next real
 *   server with weight > 0 in turn, whatever its weight, so each of them gets 1/n.
 * - wrr: ip_vs_wrr_schedule serves each real server in proportion to its weight: w / Σw.
 * - every other scheduler (lc, wlc, sed, nq, sh, dh, lblc, lblcr, mh, fo, ovf, twos, ...) decides
 *   by current load or by hashing the client, so the share is not a property of the table: null.
 *
 * Real servers marked overloaded by thresholds are skipped by every scheduler too; ipvsadm -Ln does
 * not show the flag, and kube-proxy sets no thresholds.
 */
import { evenShares, weightedShares } from '../../dataplane/share.ts';
import type { RealServer } from './table.ts';

/** Shares in real-server order; null entries where the share is not known. */
export function ipvsShares(scheduler: string | null, reals: readonly RealServer[], whole: boolean): (number | null)[] {
  const weights = reals.map((real) => real.weight);
  const quiesced = weights.map((weight) => weight === 0);
  const known = whole && scheduler !== null && weights.every((weight) => weight !== null);
  let shares: (number | null)[] | null = null;
  if (known && scheduler === 'rr') shares = evenShares(weights.map((weight) => (weight ?? 0) > 0));
  if (known && scheduler === 'wrr') shares = weightedShares(weights.map((weight) => weight ?? 0));
  return shares ?? quiesced.map((zero) => (zero ? 0 : null));
}

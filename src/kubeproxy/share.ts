/**
 * Traffic shares from kube-proxy's `-m statistic --mode random` chains.
 *
 * pkg/proxy/iptables/proxier.go writeServiceToEndpointRules writes, for n endpoints, rule i
 * (i < n-1) with `--probability` computeProbability(n-i) = fmt.Sprintf("%0.10f", 1/(n-i)) and
 * the last rule with no statistic match. Each rule only sees the traffic the rules before it did
 * not take, so share_i = p_i · ∏_{j<i} (1 − p_j), and a rule without a probability takes all
 * that remains. The kernel stores lround(2^31·p), so iptables-save prints 0.33333333349 for
 * 0.3333333333 (iptables extensions/libxt_statistic.c); releases before ~1.19 printed "%0.5f".
 */

/** The parts of a rule the share computation reads. */
export interface BalancingRule {
  target: string | null;
  probability: number | null;
  recent: { mode: string | null } | null;
}

export interface SharedJump<R> {
  rule: R;
  share: number;
}

export interface Shares<R> {
  /** The jumps to endpoint chains, in rule order, with their share of new connections. */
  jumps: SharedJump<R>[];
  /** True when the probabilities are exactly kube-proxy's 1/(n-i) series for the rules seen. */
  whole: boolean;
}

const MASQUERADE = 'KUBE-MARK-MASQ';
const ENDPOINT_CHAIN = 'KUBE-SEP-';

/**
 * Shares of the endpoint jumps in one service chain. KUBE-MARK-MASQ rules only mark packets,
 * and `-m recent --rcheck` rules only send returning ClientIP-affinity clients back to the
 * endpoint they had, so neither takes a share of new connections.
 */
export function shareEndpoints<R extends BalancingRule>(rules: readonly R[]): Shares<R> {
  const jumps: SharedJump<R>[] = [];
  const probabilities: (number | null)[] = [];
  let remaining = 1;
  for (const rule of rules) {
    if (rule.target === MASQUERADE || rule.recent?.mode === 'rcheck') continue;
    if (rule.target === null || !rule.target.startsWith(ENDPOINT_CHAIN)) continue;
    const p = rule.probability ?? 1;
    jumps.push({ rule, share: remaining * p });
    remaining *= 1 - p;
    probabilities.push(rule.probability);
  }
  return { jumps, whole: isKubeProxySeries(probabilities) };
}

// lround(2^31·p) moves a value by at most 2^-32 (2.3e-10) and "%0.10f" by 5e-11; the margin
// still tells 1/k from 1/(k-1) for chains of up to ~30000 endpoints.
const TOLERANCE = 5e-10;

/**
 * Whether `probabilities` are what kube-proxy writes for this many endpoints: 1/(n-i) for every
 * rule but the last, which has none. A grep that hides some rules of the chain breaks the series.
 */
export function isKubeProxySeries(probabilities: readonly (number | null)[]): boolean {
  const n = probabilities.length;
  if (n === 0) return true;
  if (probabilities[n - 1] !== null) return false;
  for (let i = 0; i < n - 1; i++) {
    const p = probabilities[i];
    if (p === null || p === undefined) return false;
    const exact = 1 / (n - i);
    const fiveDecimals = Math.round(exact * 1e5) / 1e5;
    if (Math.abs(p - exact) > TOLERANCE && Math.abs(p - fiveDecimals) > TOLERANCE) return false;
  }
  return true;
}

/**
 * Share math the dataplane decoders have in common: a share is the expected fraction of new
 * connections an endpoint gets, in [0, 1], and the shares of one list sum to 1 when anything is
 * routed at all. Each decoder decides, from its dataplane's own source, which endpoints take part
 * and with what weight; these helpers only do the arithmetic.
 */

/** Each of the `selected` endpoints gets 1/n of new connections, the others none. */
export function evenShares(selected: readonly boolean[]): number[] {
  const count = selected.filter(Boolean).length;
  return selected.map((chosen) => (chosen && count > 0 ? 1 / count : 0));
}

/**
 * Shares proportional to weight: w / Σw. A weight of 0 gets nothing; when every weight is 0 no
 * endpoint is chosen at all (IPVS then logs "no destination available"), so every share is 0.
 */
export function weightedShares(weights: readonly number[]): number[] {
  let total = 0;
  for (const weight of weights) total += Math.max(0, weight);
  return weights.map((weight) => (total > 0 ? Math.max(0, weight) / total : 0));
}

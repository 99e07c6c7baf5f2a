/**
 * Propagation latency figures (pod transition -> endpoint change) in bounded memory: a histogram
 * at millisecond resolution instead of every sample, so a drill of hours keeps a flat footprint
 * while min, median and max stay exact to the millisecond.
 */

export interface LatencyStats {
  count: number;
  /** Milliseconds -> how many samples. */
  histogram: ReadonlyMap<number, number>;
}

export interface LatencySummary {
  count: number;
  min: number | null;
  median: number | null;
  max: number | null;
}

export const NO_LATENCY: LatencyStats = { count: 0, histogram: new Map() };

export function addLatency(stats: LatencyStats, seconds: number): LatencyStats {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const histogram = new Map(stats.histogram);
  histogram.set(ms, (histogram.get(ms) ?? 0) + 1);
  return { count: stats.count + 1, histogram };
}

export function mergeLatency(a: LatencyStats, b: LatencyStats): LatencyStats {
  const histogram = new Map(a.histogram);
  for (const [ms, n] of b.histogram) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
  return { count: a.count + b.count, histogram };
}

/** Seconds; the median of an even count is the mean of the two middle samples. */
export function summarizeLatency(stats: LatencyStats): LatencySummary {
  if (stats.count === 0) return { count: 0, min: null, median: null, max: null };
  const sorted = [...stats.histogram].sort((x, y) => x[0] - y[0]);
  const nth = (n: number): number => {
    let seen = 0;
    for (const [ms, count] of sorted) {
      seen += count;
      if (seen > n) return ms;
    }
    return sorted[sorted.length - 1]?.[0] ?? 0;
  };
  const middle = Math.floor(stats.count / 2);
  const medianMs = stats.count % 2 === 1 ? nth(middle) : (nth(middle - 1) + nth(middle)) / 2;
  return { count: stats.count, min: (sorted[0]?.[0] ?? 0) / 1000, median: medianMs / 1000, max: (sorted[sorted.length - 1]?.[0] ?? 0) / 1000 };
}

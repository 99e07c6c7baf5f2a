/** Deterministic PRNG (mulberry32) so every run of a benchmark generates the same file. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The kind whose cumulative weight first exceeds `x` (in [0, 1)), or the first kind. */
export function pickWeighted<K>(weights: readonly (readonly [K, number])[], x: number): K {
  let sum = 0;
  for (const [kind, weight] of weights) {
    sum += weight;
    if (x < sum) return kind;
  }
  const [first] = weights;
  if (first === undefined) throw new Error('no kinds to pick from');
  return first[0];
}

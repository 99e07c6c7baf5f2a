/**
 * The bench's estimators (bench/measure.ts): the ratio of two medians, which the targets are
 * checked on, and the paired ratio printed beside it (the median of the per-round ratios).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, pairedRatio } from '../../bench/measure.ts';

describe('median', () => {
  const cases: { values: number[]; median: number }[] = [
    { values: [3, 1, 2], median: 2 },
    { values: [4, 1, 3, 2], median: 2.5 },
    { values: [7], median: 7 },
  ];
  for (const c of cases) it(`of ${c.values.join(', ')} is ${c.median}`, () => assert.equal(median(c.values), c.median));
});

describe('pairedRatio: each round timed back to back', () => {
  it('a drift common to both sides of a round cancels out', () => {
    // The machine slows down twofold halfway through; ours is 1.4x the floor in every round.
    const base = [40, 40, 40, 80, 80];
    const ours = base.map((t) => t * 1.4);
    assert.equal(pairedRatio(ours, base).toFixed(6), '1.400000');
  });

  it('differs from the ratio of the medians when the rounds drift apart', () => {
    const base = [40, 41, 80, 81, 82];
    const ours = [60, 62, 100, 101, 103];
    assert.equal(median(ours) / median(base), 100 / 80);
    // Per round: 1.5, 1.51, 1.25, 1.247, 1.256; their median is the last round's.
    assert.equal(pairedRatio(ours, base), 103 / 82);
  });
});

/** The property tests run on a fixed seed (test/seed.ts, loaded by test:unit before every file). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';

test('fast-check draws from the fixed seed, or FUZZ_SEED when given', () => {
  assert.equal(fc.readConfigureGlobal().seed, Number(process.env.FUZZ_SEED ?? 20261204));
  const draw = () => fc.sample(fc.integer(), { numRuns: 5 });
  assert.deepEqual(draw(), draw(), 'two draws from the global seed are the same');
});

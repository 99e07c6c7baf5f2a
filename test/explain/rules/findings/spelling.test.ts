/** explain/findings/spelling.ts: when two names are a likely typo of each other. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, nearlySpelled } from '../../../../src/explain/findings/spelling.ts';

describe('nearlySpelled', () => {
  const cases: [string, string, boolean][] = [
    ['web-frontend', 'web-frontned', true],
    ['kind-worker2', 'kind-wroker2', true],
    ['Hostnames', 'hostnames', true],
    ['web', 'wbe', false],
    ['api', 'app', false],
    ['kind-worker', 'kind-wroker2', false],
    ['frontend', 'backend', false],
  ];
  for (const [a, b, near] of cases) it(`${a} / ${b}: ${near ? 'near' : 'not near'}`, () => assert.equal(nearlySpelled(a, b), near));
});

describe('editDistance, given up past the limit', () => {
  const cases: [string, string, number, number][] = [
    ['kitten', 'sitting', 5, 3],
    ['kitten', 'sitting', 2, 3],
    ['abc', 'abc', 2, 0],
    ['a', 'abcd', 2, 3],
  ];
  for (const [a, b, limit, d] of cases) it(`${a} / ${b} (limit ${limit}): ${d}`, () => assert.equal(editDistance(a, b, limit), d));
});

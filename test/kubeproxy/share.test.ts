/** Traffic shares from `-m statistic` probabilities (design note §1.6). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKubeProxySeries, shareEndpoints, type BalancingRule } from '../../src/kubeproxy/share.ts';

const jump = (target: string, probability: number | null = null, rcheck = false): BalancingRule => ({
  target,
  probability,
  recent: rcheck ? { mode: 'rcheck' } : null,
});

const sharesOf = (rules: BalancingRule[]) => shareEndpoints(rules).jumps.map((j) => j.share);

test('three endpoints with the kernel-rounded 0.33333333349 each get a third', () => {
  const shares = sharesOf([jump('KUBE-SEP-A', 0.33333333349), jump('KUBE-SEP-B', 0.5), jump('KUBE-SEP-C')]);
  for (const share of shares) assert.ok(Math.abs(share - 1 / 3) < 1e-9, String(share));
  assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test('share_i is p_i times what the rules before it left: 0.2 then 0.25 then the rest', () => {
  assert.deepEqual(sharesOf([jump('KUBE-SEP-A', 0.2), jump('KUBE-SEP-B', 0.25), jump('KUBE-SEP-C')]), [0.2, 0.2, 0.6000000000000001]);
});

test('masquerade and ClientIP-affinity rcheck rules take no share of new connections', () => {
  const result = shareEndpoints([
    jump('KUBE-MARK-MASQ'),
    jump('KUBE-SEP-A', null, true),
    jump('KUBE-SEP-B', null, true),
    jump('KUBE-SEP-A', 0.5),
    jump('KUBE-SEP-B'),
  ]);
  assert.deepEqual(result.jumps.map((j) => [j.rule.target, j.share]), [['KUBE-SEP-A', 0.5], ['KUBE-SEP-B', 0.5]]);
  assert.equal(result.whole, true);
});

test('a rule without --probability takes all the remainder, even in the middle', () => {
  assert.deepEqual(sharesOf([jump('KUBE-SEP-A', 0.5), jump('KUBE-SEP-B'), jump('KUBE-SEP-C')]), [0.5, 0.5, 0]);
});

test("kube-proxy's series are recognised, new and old formats", () => {
  assert.equal(isKubeProxySeries([0.33333333349, 0.5, null]), true);
  assert.equal(isKubeProxySeries([0.3333333333, 0.5, null]), true); // restore input, %0.10f
  assert.equal(isKubeProxySeries([0.33332999982, 0.5, null]), true); // old %0.5f after rounding
  assert.equal(isKubeProxySeries([0.25, 0.33333333349, 0.5, null]), true);
  assert.equal(isKubeProxySeries([null]), true);
  assert.equal(isKubeProxySeries([]), true);
});

test('a grep that hides some rules of a chain breaks the series', () => {
  assert.equal(isKubeProxySeries([0.25, 0.33333333349]), false, 'last rule missing');
  assert.equal(isKubeProxySeries([0.25, null]), false, 'middle rules missing');
  assert.equal(isKubeProxySeries([0.33333333349, null]), false, 'one of three missing');
  assert.equal(isKubeProxySeries([0.5, 0.5, null]), false, 'not 1/(n-i)');
});

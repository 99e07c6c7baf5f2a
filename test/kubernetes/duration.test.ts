/**
 * One duration grammar for --request-timeout, --for and --stall-timeout: kubectl's own for
 * --request-timeout, k8s.io/client-go/tools/clientcmd `ParseTimeout` (helpers.go): a
 * non-negative `strconv.ParseInt` is seconds, else `time.ParseDuration`, else refused. So "1.5"
 * (a fraction without a unit) is refused everywhere, as kubectl refuses `--request-timeout 1.5`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationFlag } from '../../src/cli/durations.ts';
import { parseDuration } from '../../src/kubernetes/duration.ts';
import { runCli } from '../cli/capture.ts';

describe('the duration grammar (clientcmd.ParseTimeout)', () => {
  const cases: { text: string; ms: number | null; why: string }[] = [
    { text: '0', ms: 0, why: 'ParseInt: 0 s' },
    { text: '5', ms: 5000, why: 'ParseInt: whole seconds' },
    { text: '+5', ms: 5000, why: 'ParseInt takes a sign' },
    { text: '05', ms: 5000, why: 'ParseInt takes leading zeros' },
    { text: '5s', ms: 5000, why: 'ParseDuration' },
    { text: '500ms', ms: 500, why: 'ParseDuration' },
    { text: '1m30s', ms: 90_000, why: 'terms add up' },
    { text: '1h2m3s4ms', ms: 3_723_004, why: 'terms add up' },
    { text: '1.5h', ms: 5_400_000, why: 'a fraction with a unit' },
    { text: '.5s', ms: 500, why: 'digits after the point only' },
    { text: '1.s', ms: 1000, why: 'digits before the point only' },
    { text: '250us', ms: 0.25, why: 'microseconds' },
    { text: '1µs', ms: 0.001, why: 'micro sign U+00B5' },
    { text: '1μs', ms: 0.001, why: 'Greek mu U+03BC' },
    { text: '100ns', ms: 0.0001, why: 'nanoseconds' },
    { text: '-1s', ms: -1000, why: 'ParseDuration takes a sign (each flag refuses negatives)' },
    { text: '-0', ms: 0, why: '"0" needs no unit, signed or not' },
    { text: '1.5', ms: null, why: 'not an integer, and a fraction needs a unit: kubectl refuses it' },
    { text: '-5', ms: null, why: 'a negative integer falls through to ParseDuration, which wants a unit' },
    { text: '0.0', ms: null, why: 'only a bare "0" goes without a unit' },
    { text: '', ms: null, why: 'empty' },
    { text: ' 5s', ms: null, why: 'no trimming, as in Go' },
    { text: '5 s', ms: null, why: 'no space inside' },
    { text: '1m 30s', ms: null, why: 'no space between terms' },
    { text: '5S', ms: null, why: 'units are lower case' },
    { text: '1d', ms: null, why: 'no day unit' },
    { text: 's', ms: null, why: 'no digits' },
    { text: '.s', ms: null, why: 'no digits' },
    { text: '1.5.5s', ms: null, why: 'one point per term' },
    { text: 'soon', ms: null, why: 'not a duration' },
    { text: '9999999999h', ms: null, why: 'past time.Duration (int64 ns, about 292 years)' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.text)} is ${c.ms === null ? 'refused' : `${c.ms} ms`} (${c.why})`, () => assert.equal(parseDuration(c.text), c.ms));
  }
});

describe('the three duration flags read it alike', () => {
  const cases: { flag: string; value: string; zeroMeans?: string; ms: number | RegExp }[] = [
    { flag: '--request-timeout', value: '0', zeroMeans: 'no timeout', ms: 0 },
    { flag: '--request-timeout', value: '30', zeroMeans: 'no timeout', ms: 30_000 },
    { flag: '--request-timeout', value: '1.5', zeroMeans: 'no timeout', ms: /^invalid --request-timeout "1.5": give a whole number of seconds, or a number with a unit \(e\.g\. 500ms, 5s, 2m, 1h\); 0 means no timeout$/ },
    { flag: '--request-timeout', value: '-1s', zeroMeans: 'no timeout', ms: /invalid --request-timeout "-1s"/ },
    { flag: '--for', value: '90', ms: 90_000 },
    { flag: '--for', value: '1m30s', ms: 90_000 },
    { flag: '--for', value: '1.5', ms: /^invalid --for "1.5": give a whole number of seconds, or a number with a unit \(e\.g\. 500ms, 5s, 2m, 1h\), above 0$/ },
    { flag: '--for', value: '0', ms: /invalid --for "0": .*above 0/ },
    { flag: '--stall-timeout', value: '1.5s', ms: 1500 },
    { flag: '--stall-timeout', value: '1.5', ms: /invalid --stall-timeout "1.5"/ },
    { flag: '--stall-timeout', value: '-1s', ms: /invalid --stall-timeout "-1s"/ },
  ];
  for (const c of cases) {
    it(`${c.flag} ${c.value}: ${typeof c.ms === 'number' ? `${c.ms} ms` : 'a usage error'}`, () => {
      if (typeof c.ms === 'number') assert.equal(durationFlag(c.flag, c.value, c.zeroMeans), c.ms);
      else assert.throws(() => durationFlag(c.flag, c.value, c.zeroMeans), (err: Error & { exitCode?: number }) => c.ms instanceof RegExp && c.ms.test(err.message) && err.exitCode === 2);
    });
  }

  it('on the command line, "1.5" is a usage error for each of them, before any cluster is contacted', async () => {
    const empty = { KUBECONFIG: '/nonexistent/kubeconfig' };
    for (const argv of [['explain', 'web', '--request-timeout', '1.5'], ['watch', 'web', '--for', '1.5'], ['watch', 'web', '--stall-timeout', '1.5']]) {
      const r = await runCli(argv, { env: empty });
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^error: invalid ${argv[2]} "1\\.5": give a whole number of seconds`));
    }
  });
});

/**
 * How long a preStop hook holds SIGTERM back, for the forms people write (seed 004's
 * `sed ... && sleep 120`, the sleep action, `sleep 15`), and "unknown" for everything we cannot read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleHandler } from '../../src/kubernetes/objects.ts';
import { preStopDelay } from '../../src/termination/prestop.ts';

const exec = (...command: string[]): LifecycleHandler => ({ exec: { command } });

const cases: { name: string; hook: LifecycleHandler | undefined; want: string }[] = [
  { name: 'no hook', hook: undefined, want: 'none' },
  { name: 'the sleep action (GA 1.34)', hook: { sleep: { seconds: 15 } }, want: 'sleep 15' },
  { name: 'the sleep action with 0 (PodLifecycleSleepActionAllowZero)', hook: { sleep: { seconds: 0 } }, want: 'sleep 0' },
  { name: 'exec sleep', hook: exec('sleep', '15'), want: 'sleep 15' },
  { name: 'exec /bin/sleep with a suffix and a fraction', hook: exec('/bin/sleep', '1.5m'), want: 'sleep 90' },
  { name: 'GNU sleep sums its arguments', hook: exec('sleep', '1m', '30s'), want: 'sleep 90' },
  { name: 'sleep infinity', hook: exec('sleep', 'infinity'), want: 'forever' },
  { name: 'sh -c "sleep 5"', hook: exec('sh', '-c', 'sleep 5'), want: 'sleep 5' },
  { name: "seed 004: the health file is broken first, and only then (&&) the sleep", hook: exec('/bin/sh', '-c', "sed -i 's/health/nothealthy/g' /usr/src/app/logistics/health.py && sleep 120"), want: "sleep 120 also=[sed -i 's/health/nothealthy/g' /usr/src/app/logistics/health.py] conditional" },
  { name: '; does not make the sleep conditional', hook: exec('bash', '-c', 'echo draining > /tmp/drain; sleep 10'), want: 'sleep 10 also=[echo draining > /tmp/drain]' },
  { name: 'quotes hide separators', hook: exec('sh', '-ec', "echo 'a; b && c' && sleep 3"), want: "sleep 3 also=[echo 'a; b && c'] conditional" },
  { name: 'a script file: unknown', hook: exec('/usr/local/bin/drain.sh'), want: 'unknown: runs drain.sh, whose duration is not known' },
  { name: 'nginx -s quit: unknown', hook: exec('/usr/sbin/nginx', '-s', 'quit'), want: 'unknown: runs nginx, whose duration is not known' },
  { name: 'a variable: unknown', hook: exec('sh', '-c', 'sleep $DRAIN_SECONDS'), want: 'unknown: the script uses expansions, pipes, subshells or background jobs' },
  { name: 'a pipe or ||: unknown', hook: exec('sh', '-c', 'curl -s localhost/drain || sleep 5'), want: 'unknown: the script uses expansions, pipes, subshells or background jobs' },
  { name: 'a background job: unknown', hook: exec('sh', '-c', 'sleep 30 &'), want: 'unknown: the script uses expansions, pipes, subshells or background jobs' },
  { name: 'a loop: unknown', hook: exec('sh', '-c', 'while true; do sleep 1; done'), want: 'unknown: the script has control flow or ends the process itself' },
  { name: 'kill: unknown', hook: exec('sh', '-c', 'kill -TERM 1; sleep 5'), want: 'unknown: the script has control flow or ends the process itself' },
  { name: 'no sleep in the script: unknown', hook: exec('sh', '-c', 'echo bye'), want: 'unknown: the script does not sleep; how long its commands take is not known' },
  { name: 'an unreadable sleep argument: unknown', hook: exec('sleep', '5x'), want: 'unknown: cannot read sleep argument "5x"' },
  { name: 'an HTTP hook: unknown', hook: { httpGet: { path: '/drain', port: 8080 } }, want: 'unknown: an HTTP hook takes as long as the application makes it take' },
];

describe('preStop delay', () => {
  for (const c of cases) {
    it(c.name, () => {
      const d = preStopDelay(c.hook);
      const got = d.kind === 'sleep'
        ? `sleep ${d.seconds}${d.alsoRuns.length ? ` also=[${d.alsoRuns.join('|')}]` : ''}${d.conditional ? ' conditional' : ''}`
        : d.kind === 'unknown' ? `unknown: ${d.why}` : d.kind;
      assert.equal(got, c.want);
    });
  }
});

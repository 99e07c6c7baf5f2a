/**
 * kubernetes/pod.ts shortPodName: the one short-name rule, for `explain`'s POD column and for the
 * watch timeline, where a pod may already be gone and only its name is left. The two used to
 * disagree on StatefulSet pods: the timeline showed "2" for zk-2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Explanation } from '../../src/explain/types.ts';
import { shortPodName } from '../../src/kubernetes/pod.ts';
import { shortPod } from '../../src/render/watch/names.ts';

const cases: { name: string; pod: { name: string; generateName?: string }; short: string }[] = [
  { name: 'a ReplicaSet pod: its random suffix', pod: { name: 'readiness-deployment-b5d4f7c47-jl97z', generateName: 'readiness-deployment-b5d4f7c47-' }, short: 'jl97z' },
  { name: 'a StatefulSet pod: its whole name, "2" alone says nothing', pod: { name: 'zk-2', generateName: 'zk-' }, short: 'zk-2' },
  { name: 'a DaemonSet pod', pod: { name: 'kube-proxy-x7kqp', generateName: 'kube-proxy-' }, short: 'x7kqp' },
  { name: 'a pod named by hand: its whole name', pod: { name: 'debug-shell' }, short: 'debug-shell' },
  { name: 'a generateName the name does not start with: its whole name', pod: { name: 'web-abc', generateName: 'api-' }, short: 'web-abc' },
  { name: 'name only, a generated-looking suffix (five of bcdfghjklmnpqrstvwxz2456789)', pod: { name: 'web-5d4f7c47-jl97z' }, short: 'jl97z' },
  { name: 'name only, a StatefulSet ordinal', pod: { name: 'zk-2' }, short: 'zk-2' },
  { name: 'name only, a word with vowels is not generated', pod: { name: 'web-cache' }, short: 'web-cache' },
  { name: 'name only, five digits is an ordinal, not a suffix', pod: { name: 'shard-24567' }, short: 'shard-24567' },
];

describe('shortPodName', () => {
  for (const c of cases) it(c.name, () => assert.equal(shortPodName(c.pod), c.short));
});

describe('the watch timeline names pods as explain does', () => {
  const explanation = { pods: [{ name: 'zk-0', shortName: 'zk-0' }] } as unknown as Explanation;
  const names = ['zk-0', 'zk-2', 'web-5d4f7c47-jl97z', 'debug-shell'];
  for (const name of names) {
    it(`${name}: ${shortPodName({ name })}, known or gone`, () => {
      assert.equal(shortPod(name, explanation), shortPodName({ name }));
      assert.equal(shortPod(name, null), shortPodName({ name }));
    });
  }
});

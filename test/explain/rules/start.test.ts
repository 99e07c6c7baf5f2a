/** Starting from a pod or a workload: which Services concern its pods, how they are ordered, and near misses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/explain/explain.ts';
import { focusOn, nearMisses, worstFirst } from '../../../src/explain/start.ts';
import type { Pod, Service } from '../../../src/kubernetes/objects.ts';
import { servicesFor, workloadPods, type StartPods, type Workload } from '../../../src/model/start.ts';
import { endpointFor, endpointsFor, pod, service, slice, snapshot } from '../builders.ts';

const labelled = (name: string, labels: Record<string, string>): Pod => ({ ...pod(name), metadata: { ...pod(name).metadata, labels } });
const startOf = (pods: Pod[], templateLabels: Record<string, string> | null = null): StartPods => ({ namespace: 'default', pods, selector: null, templateLabels });
const names = (services: Service[]) => services.map((s) => s.metadata.name);

describe('servicesFor: the Services that concern a start\'s pods', () => {
  const a = labelled('a-1', { app: 'a', tier: 'front' });
  const cases: { name: string; start: StartPods; services: Service[]; slices?: ReturnType<typeof slice>[]; expect: string[] }[] = [
    { name: 'a selector the pod carries', start: startOf([a]), services: [service('x', { selector: { app: 'a' } })], expect: ['x'] },
    { name: 'every key, same value (labels.SelectorFromSet)', start: startOf([a]), services: [service('x', { selector: { app: 'a', tier: 'back' } })], expect: [] },
    { name: 'another namespace never selects', start: { ...startOf([a]), namespace: 'other' }, services: [service('x', { selector: { app: 'a' } })], expect: [] },
    { name: 'no selector selects nothing', start: startOf([a]), services: [service('x', { selector: {} })], expect: [] },
    { name: 'a Service without selector whose slice names the pod', start: startOf([a]), services: [service('manual', { selector: undefined })], slices: [slice('manual-1', [endpointFor(a)], 'manual')], expect: ['manual'] },
    { name: 'no pods: the pod template labels', start: startOf([], { app: 'a' }), services: [service('x', { selector: { app: 'a' } })], expect: ['x'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(names(servicesFor(c.start, c.services, c.slices)), c.expect));

  it('a workload\'s pods are those its selector matches, matchExpressions included', () => {
    const w: Workload = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] } } };
    const pods = [a, labelled('a-2', { app: 'a', tier: 'back' }), labelled('b-1', { app: 'b' })];
    const start = workloadPods(w, pods);
    assert.deepEqual(start.pods.map((p) => p.metadata.name), ['a-1']);
    assert.equal(start.selector, 'app=a,tier!=back');
  });
});

describe('nearMisses: Services a pod misses by one label, in the SelectorNearMiss finding\'s words', () => {
  const cases: { name: string; selector: Record<string, string>; labels: Record<string, string>; expect: string | null }[] = [
    { name: 'one value differs', selector: { app: 'api', tier: 'backend' }, labels: { app: 'api', tier: 'frontend' }, expect: 'tier=frontend' },
    { name: 'one key missing', selector: { app: 'api', tier: 'backend' }, labels: { app: 'api' }, expect: 'no tier label' },
    { name: 'two labels differ: not a near miss', selector: { app: 'api', tier: 'backend' }, labels: { app: 'web' }, expect: null },
    { name: 'a one-label selector, another case', selector: { app: 'Web' }, labels: { app: 'web' }, expect: 'app=web (other case)' },
    { name: 'a one-label selector, a spelling apart', selector: { app: 'web-frontend' }, labels: { app: 'web-frontned' }, expect: 'app=web-frontned (a spelling apart)' },
    { name: 'a one-label selector and an unrelated value: every pod would miss it so', selector: { app: 'db' }, labels: { app: 'web' }, expect: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = nearMisses([service('s', { selector: c.selector })], [c.labels]);
      assert.deepEqual(found.map((m) => m.difference), c.expect === null ? [] : [c.expect]);
    });
  }
});

describe('worstFirst and focusOn', () => {
  const ok = pod('web-1-aaaaa', { ip: '10.244.0.6' });
  const bad = pod('web-1-bbbbb', { ip: '10.244.0.8', ready: false });
  const e = explain(snapshot({ service: service(), endpointSlices: [slice('web-x', [endpointFor(ok), endpointFor(bad)])], endpoints: endpointsFor([ok, bad]), pods: [ok, bad] }));

  it('focusOn keeps the named pods and counts them alone', () => {
    const focused = focusOn(e, new Set([bad.metadata.name]));
    assert.deepEqual(focused.pods.map((p) => p.name), [bad.metadata.name]);
    assert.deepEqual([focused.summary.pods, focused.summary.receiving], [1, 0]);
    assert.deepEqual(focused.findings, e.findings);
  });

  it('a Service that sends a pod nothing comes before one that sends it traffic', () => {
    const receiving = focusOn(e, new Set([ok.metadata.name]));
    const refusing = focusOn(e, new Set([bad.metadata.name]));
    assert.deepEqual([receiving, refusing].sort(worstFirst), [refusing, receiving]);
  });
});

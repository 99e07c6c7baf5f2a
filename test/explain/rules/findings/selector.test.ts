/**
 * explain/findings/selector.ts: a selector that matches no pod, and the pods of the namespace
 * that miss it by exactly one label (missing key, other value, other case).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearMiss, selectorFindings } from '../../../../src/explain/findings/selector.ts';
import type { Pod } from '../../../../src/kubernetes/objects.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { findingInput, pod, service } from '../../builders.ts';

function labelled(name: string, labels: Record<string, string>): Pod {
  const p = pod(name);
  p.metadata.labels = labels;
  return p;
}

const two = { app: 'web', tier: 'frontend' };

describe('nearMiss: the one label a pod misses the selector by', () => {
  const cases: { name: string; labels: Record<string, string>; selector: Record<string, string>; miss: string | null }[] = [
    { name: 'matches: no miss', labels: { app: 'web', tier: 'frontend' }, selector: two, miss: null },
    { name: 'another value', labels: { app: 'web', tier: 'backend' }, selector: two, miss: 'tier=backend' },
    { name: 'the value in another case', labels: { app: 'web', tier: 'Frontend' }, selector: two, miss: 'tier=Frontend (other case)' },
    { name: 'the key in another case', labels: { app: 'web', Tier: 'frontend' }, selector: two, miss: 'Tier=frontend (key in other case)' },
    { name: 'the key missing', labels: { app: 'web' }, selector: two, miss: 'no tier label' },
    { name: 'the value under another key', labels: { app: 'web', role: 'frontend' }, selector: two, miss: 'role=frontend instead of tier=frontend' },
    { name: 'two labels off: not a near miss', labels: { app: 'api', tier: 'backend' }, selector: two, miss: null },
    { name: 'one-label selector: the same value under another key (Debug Services: run=hostnames)', labels: { run: 'hostnames', 'pod-template-hash': '632524106' }, selector: { app: 'hostnames' }, miss: 'run=hostnames instead of app=hostnames' },
    { name: 'one-label selector: another case', labels: { app: 'Hostnames' }, selector: { app: 'hostnames' }, miss: 'app=Hostnames (other case)' },
    { name: 'one-label selector: a value a spelling apart (the typo web-frontned)', labels: { app: 'web-frontend' }, selector: { app: 'web-frontned' }, miss: 'app=web-frontend (a spelling apart)' },
    { name: 'one-label selector: another app is just another app', labels: { app: 'api' }, selector: { app: 'hostnames' }, miss: null },
    { name: 'one-label selector: no such key at all is every other pod', labels: { name: 'db' }, selector: { app: 'hostnames' }, miss: null },
  ];
  for (const c of cases) it(c.name, () => assert.equal(nearMiss(labelled('p', c.labels), c.selector), c.miss));
});

describe('selectorFindings: near misses of a selector that matches nothing', () => {
  const selecting = service('web', { selector: two });
  const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; findings: string[] }[] = [
    {
      name: 'pods grouped by how they miss, the first three named',
      input: { service: selecting, namespacePods: [labelled('web-1-aaaaa', { app: 'web', tier: 'Frontend' }), labelled('web-1-bbbbb', { app: 'web', tier: 'Frontend' }), labelled('web-2-ccccc', { app: 'web' }), labelled('db-0', { app: 'db' })] },
      findings: ['critical SelectorNearMiss: 3 pods of namespace default differ from selector app=web,tier=frontend by one label: tier=Frontend (other case) on web-1-aaaaa, web-1-bbbbb; no tier label on web-2-ccccc'],
    },
    { name: 'no pod close enough: nothing beyond SelectorMatchesNoPods', input: { service: selecting, namespacePods: [labelled('db-0', { app: 'db' })] }, findings: [] },
    { name: 'the namespace was not read: nothing', input: { service: selecting }, findings: [] },
    { name: 'a pod matches: nothing to explain', input: { service: selecting, pods: [labelled('web-1-aaaaa', two)], namespacePods: [labelled('web-2-ccccc', { app: 'web' })] }, findings: [] },
    { name: 'Pods unknown: nothing', input: { service: selecting, namespacePods: [labelled('web-2-ccccc', { app: 'web' })], unknown: [{ kind: 'Pod', why: 'forbidden' }] }, findings: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(selectorFindings(findingInput(c.input)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

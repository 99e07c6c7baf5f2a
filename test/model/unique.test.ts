import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { uniqueObjects } from '../../src/model/unique.ts';

const pod = (name: string, meta: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta } });

describe('uniqueObjects: one copy of an object read twice', () => {
  const cases: { name: string; objects: KubeObject[]; kept: KubeObject[] }[] = [
    { name: 'the same object twice (same -f twice) is kept once', objects: [pod('a', { uid: 'u1' }), pod('a', { uid: 'u1' })], kept: [pod('a', { uid: 'u1' })] },
    { name: 'the same uid under another name is still one object', objects: [pod('a', { uid: 'u1' }), pod('b', { uid: 'u1' })], kept: [pod('a', { uid: 'u1' })] },
    { name: 'two incarnations of a name (different uids) are two objects', objects: [pod('a', { uid: 'u1' }), pod('a', { uid: 'u2' })], kept: [pod('a', { uid: 'u1' }), pod('a', { uid: 'u2' })] },
    { name: 'without uids, kind/namespace/name is the identity', objects: [pod('a'), pod('a'), pod('b')], kept: [pod('a'), pod('b')] },
    { name: 'a missing namespace is "default", as kubectl assumes', objects: [pod('a'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }], kept: [pod('a')] },
    { name: 'the same name in another kind is another object', objects: [pod('a'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' } }], kept: [pod('a'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'default' } }] },
    { name: 'of two copies, the higher resourceVersion wins, wherever it comes', objects: [pod('a', { uid: 'u1', resourceVersion: '9' }), pod('a', { uid: 'u1', resourceVersion: '10' })], kept: [pod('a', { uid: 'u1', resourceVersion: '10' })] },
    { name: 'resourceVersions that are not numbers: the first read wins', objects: [pod('a', { uid: 'u1', resourceVersion: 'x2' }), pod('a', { uid: 'u1', resourceVersion: 'x3' })], kept: [pod('a', { uid: 'u1', resourceVersion: 'x2' })] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(uniqueObjects(c.objects), c.kept));
});

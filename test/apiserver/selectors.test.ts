import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { RESOURCES, type ResourceType } from './resources.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';

const labelled = (labels: Record<string, string>): KubeObject => ({ kind: 'Pod', metadata: { name: 'p', labels } });
const type = (name: string): ResourceType => RESOURCES.find((r) => r.name === name) as ResourceType;

describe('label selectors', () => {
  const web = labelled({ app: 'web', tier: 'frontend', 'pod-template-hash': '5d8f7c9b6', weight: '10' });
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (web, api)', true],
    ['app in (api,db)', false],
    ['app notin (api,db)', true],
    ['missing notin (api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app in (web),!missing,tier notin (db)', true],
    ['app=web , tier in ( frontend )', true],
    ['weight>5', true],
    ['weight<5', false],
    ['pod-template-hash=5d8f7c9b6', true],
    ['app=', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}" ${expected ? 'selects' : 'does not select'} app=web,tier=frontend`, () => {
      assert.equal(parseLabelSelector(selector)(web), expected);
    });
  }

  it('rejects selectors the server cannot parse', () => {
    for (const bad of ['app=web=x', 'app in web', 'app in (a b)', '=web', 'app notin']) {
      assert.throws(() => parseLabelSelector(bad), SelectorError, bad);
    }
  });
});

describe('field selectors', () => {
  const event: KubeObject = {
    kind: 'Event', metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u-1', namespace: 'default' }, type: 'Warning', source: { component: 'kubelet' },
  };

  it('matches event fields the real server indexes', () => {
    const match = (s: string): boolean => parseFieldSelector(s, type('events'))(event);
    assert.equal(match('involvedObject.name=web-1,involvedObject.kind=Pod'), true);
    assert.equal(match('involvedObject.uid=u-1'), true);
    assert.equal(match('involvedObject.namespace==default'), true);
    assert.equal(match('involvedObject.name!=web-1'), false);
    assert.equal(match('type=Warning,source=kubelet'), true);
    assert.equal(match('metadata.name=e1,metadata.namespace=default'), true);
  });

  it('matches pods by node and phase, an absent field being the empty string', () => {
    const pod: KubeObject = { kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-a' }, status: { phase: 'Running' } };
    const pending: KubeObject = { kind: 'Pod', metadata: { name: 'q' }, spec: {}, status: { phase: 'Pending' } };
    assert.equal(parseFieldSelector('spec.nodeName=node-a,status.phase=Running', type('pods'))(pod), true);
    assert.equal(parseFieldSelector('spec.nodeName=', type('pods'))(pending), true);
    assert.equal(parseFieldSelector('status.phase!=Running', type('pods'))(pod), false);
  });

  it('rejects field labels the resource does not support, with the server\'s message', () => {
    assert.throws(() => parseFieldSelector('spec.nodeName=a', type('services')), { message: 'field label not supported: spec.nodeName' });
    assert.throws(() => parseFieldSelector('nonsense', type('pods')), SelectorError);
  });
});

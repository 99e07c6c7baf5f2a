/** explain/summary.ts: the counts renderers draw without deciding anything. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/explain/explain.ts';
import { formatShare } from '../../../src/explain/share.ts';
import { trafficStatus } from '../../../src/explain/summary.ts';
import type { Summary } from '../../../src/explain/types.ts';
import type { Snapshot } from '../../../src/model/snapshot.ts';
import { endpointFor, endpointsFor, nodeRules, pod, service, shares, slice, snapshot } from '../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2' });
const b = pod('web-1-bbbbb', { ip: '10.244.1.3' });
const down = pod('web-1-ccccc', { ip: '10.244.1.4', ready: false });
const leaving = pod('web-1-ddddd', { ip: '10.244.1.5', deleting: true });
const zero = { partial: 0, fallback: 0, receivingNotReady: [] };
const known = { unknown: 0, unknownBecause: [], stale: 0, staleRules: [] };
const noSlices = [{ kind: 'EndpointSlice' as const, why: 'not in the input files' }];

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; dumps?: Parameters<typeof explain>[1]; summary: Summary }[] = [
  { name: 'no pods', input: { service: service() }, summary: { pods: 0, receiving: 0, notReceiving: 0, ...known, ...zero, sliceEndpoints: { ready: 0, total: 0 }, endpoints: { ready: 0, listed: 0 } } },
  {
    name: 'one not Ready: counted apart, in the slices and in Endpoints',
    input: { service: service(), pods: [a, down], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(down)])], endpoints: endpointsFor([a, down]) },
    summary: { pods: 2, receiving: 1, notReceiving: 1, ...known, ...zero, sliceEndpoints: { ready: 1, total: 2 }, endpoints: { ready: 1, listed: 2 } },
  },
  {
    name: 'a node without the rule of one pod: partial, counted among those not receiving',
    input: { service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.3']) }]), nodeRules('node-b', [{ endpoints: shares(['10.244.1.2']) }])],
    summary: { pods: 2, receiving: 1, notReceiving: 1, ...known, partial: 1, fallback: 0, receivingNotReady: [], sliceEndpoints: { ready: 2, total: 2 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'only a terminating pod: it receives, as the fallback',
    input: { service: service(), pods: [leaving], endpointSlices: [slice('web-x', [endpointFor(leaving)])] },
    summary: { pods: 1, receiving: 1, notReceiving: 0, ...known, partial: 0, fallback: 1, receivingNotReady: [], sliceEndpoints: { ready: 0, total: 1 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'publishNotReadyAddresses: a pod that receives although not Ready is named',
    input: { service: service('web', { publishNotReadyAddresses: true }), pods: [down], endpointSlices: [slice('web-x', [endpointFor(down, true)])] },
    summary: { pods: 1, receiving: 1, notReceiving: 0, ...known, partial: 0, fallback: 0, receivingNotReady: ['web-1-ccccc'], sliceEndpoints: { ready: 1, total: 1 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'EndpointSlices not captured, no dump: every pod unknown, and why',
    input: { service: service(), pods: [a, down], endpoints: endpointsFor([a, down]), unknown: noSlices },
    summary: { pods: 2, receiving: 0, notReceiving: 0, unknown: 2, unknownBecause: ['EndpointSlices not in the input files'], stale: 0, staleRules: [], ...zero, sliceEndpoints: { ready: 0, total: 0 }, endpoints: { ready: 1, listed: 2 } },
  },
  {
    name: "EndpointSlices not captured, a node's rule: that pod receives, the other stays unknown",
    input: { service: service(), pods: [a, down], unknown: noSlices },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }])],
    summary: { pods: 2, receiving: 1, notReceiving: 0, unknown: 1, unknownBecause: ['EndpointSlices not in the input files'], stale: 0, staleRules: [], ...zero, sliceEndpoints: { ready: 0, total: 0 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'a pod gone from the slices that a stale rule still reaches is counted, with its share',
    input: { service: service(), pods: [a, down], endpointSlices: [slice('web-x', [endpointFor(a)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.4']) }])],
    summary: {
      pods: 2, receiving: 1, notReceiving: 1, unknown: 0, unknownBecause: [], stale: 1,
      staleRules: [{ target: 'web-1-ccccc', kind: 'pod', nodes: [{ node: 'node-a', share: 0.5 }] }],
      ...zero, sliceEndpoints: { ready: 1, total: 1 }, endpoints: { ready: 0, listed: 0 },
    },
  },
  {
    name: 'an address without a pod that a stale rule still reaches is counted too',
    input: { service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.9.9']) }])],
    summary: {
      pods: 1, receiving: 1, notReceiving: 0, unknown: 0, unknownBecause: [], stale: 0,
      staleRules: [{ target: '10.244.9.9', kind: 'address', nodes: [{ node: 'node-a', share: 0.5 }] }],
      ...zero, sliceEndpoints: { ready: 1, total: 1 }, endpoints: { ready: 0, listed: 0 },
    },
  },
  {
    name: 'Pods and EndpointSlices forbidden, nothing names a pod: no rows, and why',
    input: { service: service(), unknown: [{ kind: 'Pod', why: 'forbidden: pods is forbidden' }, { kind: 'EndpointSlice', why: 'forbidden: endpointslices.discovery.k8s.io is forbidden' }] },
    summary: { pods: 0, receiving: 0, notReceiving: 0, unknown: 0, unknownBecause: ['Pods forbidden: pods is forbidden', 'EndpointSlices forbidden: endpointslices.discovery.k8s.io is forbidden'], stale: 0, staleRules: [], ...zero, sliceEndpoints: { ready: 0, total: 0 }, endpoints: { ready: 0, listed: 0 } },
  },
];

describe('summary', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(explain(snapshot(c.input), c.dumps).summary, c.summary));
});

describe('trafficStatus: what --exit-code adds up to', () => {
  const status = (input: Partial<Snapshot> & { service: Snapshot['service'] }, dumps: Parameters<typeof explain>[1] = []) => {
    const e = explain(snapshot(input), dumps);
    return trafficStatus(e.pods, e.summary);
  };
  it('every pod receives: ok', () => assert.equal(status({ service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)])] }), 'ok'));
  it('a pod known not to receive: not-receiving, even next to unknown ones', () => {
    assert.equal(status({ service: service(), pods: [a, down], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(down)])] }), 'not-receiving');
  });
  it('nothing known to be wrong, some pods unknown: unknown (never an outage)', () => assert.equal(status({ service: service(), pods: [a, down], unknown: noSlices }), 'unknown'));
  it('no pod rows because the pods themselves are unknown: unknown', () => assert.equal(status({ service: service(), unknown: [{ kind: 'Pod', why: 'forbidden' }] }), 'unknown'));
});

describe('formatShare: one decimal, a trailing zero dropped', () => {
  const cases: [number, string][] = [[0.5, '50%'], [1 / 3, '33.3%'], [1 / 1200, '0.1%'], [1, '100%']];
  for (const [share, text] of cases) it(`${share} -> ${text}`, () => assert.equal(formatShare(share), text));
});

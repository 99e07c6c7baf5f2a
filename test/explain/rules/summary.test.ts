/** explain/summary.ts: the counts renderers draw without deciding anything. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../src/explain/explain.ts';
import { formatShare } from '../../../src/explain/share.ts';
import type { Summary } from '../../../src/explain/types.ts';
import type { Snapshot } from '../../../src/model/snapshot.ts';
import { endpointFor, endpointsFor, nodeRules, pod, service, shares, slice, snapshot } from '../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2' });
const b = pod('web-1-bbbbb', { ip: '10.244.1.3' });
const down = pod('web-1-ccccc', { ip: '10.244.1.4', ready: false });
const leaving = pod('web-1-ddddd', { ip: '10.244.1.5', deleting: true });
const zero = { partial: 0, fallback: 0, receivingNotReady: [] };

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; dumps?: Parameters<typeof explain>[1]; summary: Summary }[] = [
  { name: 'no pods', input: { service: service() }, summary: { pods: 0, receiving: 0, notReceiving: 0, ...zero, sliceEndpoints: { ready: 0, total: 0 }, endpoints: { ready: 0, listed: 0 } } },
  {
    name: 'one not Ready: counted apart, in the slices and in Endpoints',
    input: { service: service(), pods: [a, down], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(down)])], endpoints: endpointsFor([a, down]) },
    summary: { pods: 2, receiving: 1, notReceiving: 1, ...zero, sliceEndpoints: { ready: 1, total: 2 }, endpoints: { ready: 1, listed: 2 } },
  },
  {
    name: 'a node without the rule of one pod: partial, counted among those not receiving',
    input: { service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.3']) }]), nodeRules('node-b', [{ endpoints: shares(['10.244.1.2']) }])],
    summary: { pods: 2, receiving: 1, notReceiving: 1, partial: 1, fallback: 0, receivingNotReady: [], sliceEndpoints: { ready: 2, total: 2 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'only a terminating pod: it receives, as the fallback',
    input: { service: service(), pods: [leaving], endpointSlices: [slice('web-x', [endpointFor(leaving)])] },
    summary: { pods: 1, receiving: 1, notReceiving: 0, partial: 0, fallback: 1, receivingNotReady: [], sliceEndpoints: { ready: 0, total: 1 }, endpoints: { ready: 0, listed: 0 } },
  },
  {
    name: 'publishNotReadyAddresses: a pod that receives although not Ready is named',
    input: { service: service('web', { publishNotReadyAddresses: true }), pods: [down], endpointSlices: [slice('web-x', [endpointFor(down, true)])] },
    summary: { pods: 1, receiving: 1, notReceiving: 0, partial: 0, fallback: 0, receivingNotReady: ['web-1-ccccc'], sliceEndpoints: { ready: 1, total: 1 }, endpoints: { ready: 0, listed: 0 } },
  },
];

describe('summary', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(explain(snapshot(c.input), c.dumps).summary, c.summary));
});

describe('formatShare: one decimal, a trailing zero dropped', () => {
  const cases: [number, string][] = [[0.5, '50%'], [1 / 3, '33.3%'], [1 / 1200, '0.1%'], [1, '100%']];
  for (const [share, text] of cases) it(`${share} -> ${text}`, () => assert.equal(formatShare(share), text));
});

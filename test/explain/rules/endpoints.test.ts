/**
 * explain/pod/endpoints.ts: the legacy Endpoints link. The Endpoints controller lists not-ready
 * pods in notReadyAddresses, leaves terminating ones out and truncates at 1000 addresses with the
 * over-capacity annotation (endpoints_controller.go syncService); kube-proxy does not read it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointsReasons } from '../../../src/explain/pod/endpoints.ts';
import type { Verdict } from '../../../src/explain/types.ts';
import { ANNOTATION_OVER_CAPACITY, type Endpoints, type Pod } from '../../../src/kubernetes/objects.ts';
import { endpointFor, endpointsFor, pod, podIn, service, slice, viewOf } from '../builders.ts';

const truncated = (e: Endpoints): Endpoints => ({ ...e, metadata: { ...e.metadata, annotations: { [ANNOTATION_OVER_CAPACITY]: 'truncated' } } });

interface Case {
  name: string;
  pod: Pod;
  /** The Endpoints object, from the pods it lists; null: none. */
  endpoints: ((p: Pod) => Endpoints) | null;
  verdict: Verdict;
  reasons: string[];
}

const cases: Case[] = [
  { name: 'a ready address: nothing to say', pod: pod('web-1-aaaaa'), endpoints: (p) => endpointsFor([p]), verdict: 'receives', reasons: [] },
  { name: 'a not-ready address', pod: pod('web-1-aaaaa', { ready: false }), endpoints: (p) => endpointsFor([p]), verdict: 'none', reasons: ['EndpointsNotReady: in notReadyAddresses of Endpoints web'] },
  { name: 'left out while it receives traffic', pod: pod('web-1-aaaaa'), endpoints: () => endpointsFor([]), verdict: 'receives', reasons: ['MissingFromEndpoints: not in Endpoints web'] },
  {
    name: 'left out of a truncated Endpoints: the cap, not a fault',
    pod: pod('web-1-aaaaa'),
    endpoints: () => truncated(endpointsFor([])),
    verdict: 'receives',
    reasons: ['EndpointsTruncated: left out of Endpoints web, truncated at 1000 addresses (kube-proxy reads EndpointSlices, so this does not stop traffic)'],
  },
  { name: 'left out because it is terminating and gets nothing: as the controller intends', pod: pod('web-1-aaaaa', { deleting: true }), endpoints: () => endpointsFor([]), verdict: 'none', reasons: [] },
  { name: 'no Endpoints object at all: nothing to compare', pod: pod('web-1-aaaaa'), endpoints: null, verdict: 'receives', reasons: [] },
];

describe('the legacy Endpoints link of one pod', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf({ service: service(), pods: [c.pod], endpointSlices: [slice('web-x', [endpointFor(c.pod)])], endpoints: c.endpoints ? c.endpoints(c.pod) : null });
      assert.deepEqual(endpointsReasons(podIn(view, c.pod.metadata.name), view, c.verdict).map((r) => `${r.code}: ${r.message}`), c.reasons);
    });
  }

  it('left out because its named port does not resolve: both controllers skip it', () => {
    const p = pod('web-1-aaaaa');
    const view = viewOf({ service: service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] }), pods: [p], endpoints: endpointsFor([]) });
    assert.deepEqual(endpointsReasons(podIn(view, 'web-1-aaaaa'), view, 'none'), []);
  });
});

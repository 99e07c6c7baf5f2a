/**
 * explain/findings/endpoints.ts: what the EndpointSlices and the legacy Endpoints say about the
 * Service as a whole: no ready endpoint (kube-proxy's REJECT, proxier.go syncProxyRules), the
 * serving-terminating fallback, a single endpoint, truncation, the two APIs disagreeing, and
 * ready endpoints whose pod is gone (kube-proxy knows nothing of pods: endpointslicecache.go).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointFindings } from '../../../../src/explain/findings/endpoints.ts';
import { ANNOTATION_OVER_CAPACITY, type Endpoints } from '../../../../src/kubernetes/objects.ts';
import type { NodeRules } from '../../../../src/dataplane/types.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { endpointFor, endpointsFor, findingInput, nodeRules, pod, service, shares, slice } from '../../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2' });
const b = pod('web-1-bbbbb', { ip: '10.244.1.3' });
const down = pod('web-1-ccccc', { ready: false });
const gone = pod('web-1-zzzzz', { ip: '10.244.1.9' });
const both = { service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] };
const truncated = (e: Endpoints): Endpoints => ({ ...e, metadata: { ...e.metadata, annotations: { [ANNOTATION_OVER_CAPACITY]: 'truncated' } } });

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; dumps?: NodeRules[]; findings: string[] }[] = [
  { name: 'two ready endpoints, Endpoints agreeing: nothing', input: { ...both, endpoints: endpointsFor([a, b]) }, findings: [] },
  { name: 'one ready endpoint: no redundancy', input: { service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)])] }, findings: ['info SingleEndpoint: a single ready endpoint: no redundancy'] },
  {
    name: 'no ready endpoint: refused, and the nodes whose dump has the REJECT rule are named',
    input: { service: service(), pods: [down], endpointSlices: [slice('web-x', [endpointFor(down)])] },
    dumps: [nodeRules('node-a', [{ endpoints: null, noEndpoints: 'reject' }])],
    findings: ['critical NoReadyEndpoints: no ready endpoint: connections are refused (kube-proxy REJECTs them; the REJECT rule is on node-a)'],
  },
  { name: 'no ready endpoint of a headless Service: its name resolves to nothing', input: { service: service('web', { clusterIP: 'None' }), pods: [down], endpointSlices: [slice('web-x', [endpointFor(down)])] }, findings: ['critical NoReadyEndpoints: no ready endpoint: its DNS name resolves to no address'] },
  {
    name: 'only terminating endpoints: the fallback, until they stop',
    input: { service: service(), pods: [pod('web-1-ddddd', { deleting: true })], endpointSlices: [slice('web-x', [endpointFor(pod('web-1-ddddd', { deleting: true }))])] },
    findings: ['warning ServingTerminatingFallback: no ready endpoint: kube-proxy falls back to endpoints that are terminating but still serving; once they stop, connections are refused'],
  },
  { name: 'slices not captured: nothing said about endpoints', input: { service: service(), pods: [a], unknown: [{ kind: 'EndpointSlice', why: 'forbidden' }] }, findings: [] },
  {
    name: 'Endpoints truncated at 1000: a warning, and no mismatch for the addresses left out',
    input: { ...both, endpoints: truncated(endpointsFor([a])) },
    findings: ['warning EndpointsOverCapacity: Endpoints web is truncated at 1000 addresses; kube-proxy reads EndpointSlices, but tools that read Endpoints miss the rest'],
  },
  {
    name: 'Endpoints and slices disagree: both sides named, with their pods',
    input: { ...both, endpoints: endpointsFor([a]) },
    findings: ['warning EndpointsMismatch: Endpoints and EndpointSlices disagree (ready in EndpointSlices only: 10.244.1.3 (web-1-bbbbb)); kube-proxy follows the slices'],
  },
  {
    name: 'a ready endpoint whose pod is gone, still routed: stale, with the share it still gets',
    input: { service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(gone)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.9']) }])],
    findings: ['warning StaleEndpoints: ready in the EndpointSlices without a pod: 10.244.1.9 (pod/web-1-zzzzz not found) still gets 50% of new connections on node-a. Those connections fail until the EndpointSlice controller catches up'],
  },
  {
    name: 'hand-written endpoints of a selector-less Service are not stale',
    input: { service: service('ext', { selector: undefined }), endpointSlices: [slice('ext-x', [{ addresses: ['10.20.0.5'], conditions: { ready: true } }, { addresses: ['10.20.0.6'] }], 'ext')] },
    findings: [],
  },
];

describe('findings about the endpoints', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(endpointFindings(findingInput(c.input, c.dumps)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));

  it('with several ports, each finding names its port', () => {
    const svc = service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }, { name: 'admin', port: 9000, protocol: 'TCP', targetPort: 9000 }] });
    const input = findingInput({ service: svc, pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)], 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }])] });
    assert.deepEqual(endpointFindings(input).map((f) => f.message.split(':')[0]), ['a single ready endpoint for port http', 'no ready endpoint for port admin']);
  });
});

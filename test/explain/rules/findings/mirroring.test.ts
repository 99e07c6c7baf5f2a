/**
 * explain/findings/mirroring.ts: slices the EndpointSlice mirroring controller wrote, named as
 * such, and the Endpoints addresses it left out (at most 1000 per subset, invalid IPs skipped).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalIP, mirroringFindings } from '../../../../src/explain/findings/mirroring.ts';
import type { EndpointSlice, Endpoints, Service } from '../../../../src/kubernetes/objects.ts';
import { findingInput, service, slice } from '../../builders.ts';

const bare = service('external-svc', { selector: undefined });
function mirrored(ips: string[]): EndpointSlice {
  const s = slice('external-svc-7vx9t', ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })), 'external-svc');
  s.metadata.labels = { ...s.metadata.labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' };
  return s;
}
function endpoints(ips: string[], notReady: string[] = []): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external-svc', namespace: 'default' }, subsets: [{ addresses: ips.map((ip) => ({ ip })), notReadyAddresses: notReady.map((ip) => ({ ip })), ports: [{ port: 80 }] }] };
}
const named = 'slice external-svc-7vx9t is mirrored from Endpoints external-svc by the EndpointSlice mirroring controller (endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io)';

const cases: { name: string; svc: Service; slices: EndpointSlice[]; endpoints: Endpoints | null; findings: string[] }[] = [
  { name: 'slices of the EndpointSlice controller: nothing', svc: service(), slices: [slice('web-x', [])], endpoints: null, findings: [] },
  {
    name: 'a mirrored slice holding every address: named, and what it means',
    svc: bare,
    slices: [mirrored(['10.20.200.200'])],
    endpoints: endpoints(['10.20.200.200']),
    findings: [`info MirroredEndpoints: ${named}: the Service has no selector, so kube-proxy routes to whatever that Endpoints lists, written by hand or by another controller`],
  },
  {
    name: 'addresses in no mirrored slice: counted, named, and why they can be left out (warning)',
    svc: bare,
    slices: [mirrored(['10.0.0.1', 'fd00::5'])],
    endpoints: endpoints(['10.0.0.1', '10.0.0.2', 'fd00:0::0005'], ['10.0.0.3', 'not-an-ip']),
    findings: [
      `warning MirroredEndpoints: ${named}: the Service has no selector, so kube-proxy routes to whatever that Endpoints lists, written by hand or by another controller. 3 addresses of the Endpoints are in no mirrored slice (10.0.0.2, 10.0.0.3, not-an-ip), so kube-proxy never routes to them: the controller mirrors at most 1000 addresses per subset by default (--mirroring-max-endpoints-per-subset) and skips invalid IPs, with a Warning event on the Endpoints`,
    ],
  },
  {
    name: 'the Service has a selector: the controller deletes what it mirrored',
    svc: service('external-svc'),
    slices: [mirrored(['10.20.200.200'])],
    endpoints: endpoints(['10.20.200.200']),
    findings: [`info MirroredEndpoints: ${named}: the Service has a selector, and the mirroring controller deletes what it mirrored for such a Service`],
  },
];

describe('slices the mirroring controller wrote', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = findingInput({ service: c.svc, endpointSlices: c.slices, endpoints: c.endpoints });
      assert.deepEqual(mirroringFindings(input).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings);
    });
  }
});

describe('canonicalIP: one spelling per address, as ParseIPSloppy then String give', () => {
  const cases: [string, string, boolean][] = [
    ['fd00:0::0005', 'fd00::5', true],
    ['FD00::5', 'fd00::5', true],
    ['010.001.000.001', '10.1.0.1', true],
    ['10.0.0.1', '10.0.0.2', false],
    ['::1', '0:0:0:0:0:0:0:1', true],
  ];
  for (const [a, b, same] of cases) it(`${a} ${same ? '=' : '≠'} ${b}`, () => assert.equal(canonicalIP(a) === canonicalIP(b), same));
});

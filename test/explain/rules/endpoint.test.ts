/** explain/pod/endpoint.ts: one slice endpoint of a pod, its conditions read as kube-proxy reads them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointReport } from '../../../src/explain/pod/endpoint.ts';
import type { EndpointReport } from '../../../src/explain/types.ts';
import type { EndpointSliceEndpoint } from '../../../src/kubernetes/objects.ts';
import { slice } from '../builders.ts';

const cases: { name: string; endpoint: EndpointSliceEndpoint; report: Partial<EndpointReport> }[] = [
  { name: 'nil conditions: ready and serving, not terminating', endpoint: { addresses: ['10.0.0.1'] }, report: { ready: true, serving: true, terminating: false, zone: null, node: null, hints: [] } },
  { name: 'ready=false alone: still serving (Serving==nil)', endpoint: { addresses: ['10.0.0.1'], conditions: { ready: false } }, report: { ready: false, serving: true, terminating: false } },
  {
    name: 'zone, node and hints, zones first',
    endpoint: { addresses: ['10.0.0.1'], nodeName: 'a', zone: 'z1', hints: { forNodes: [{ name: 'a' }], forZones: [{ name: 'z1' }] } },
    report: { zone: 'z1', node: 'a', hints: ['zone:z1', 'node:a'] },
  },
];

describe('endpointReport', () => {
  for (const c of cases) {
    it(c.name, () => {
      const s = slice('web-x', [c.endpoint]);
      const report = endpointReport({ slice: s, endpoint: c.endpoint, address: '10.0.0.1' });
      assert.deepEqual({ ...report, ...c.report }, report);
      assert.deepEqual([report.slice, report.addressType, report.address], ['web-x', 'IPv4', '10.0.0.1']);
    });
  }
});

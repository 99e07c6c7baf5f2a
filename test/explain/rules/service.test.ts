/** explain/service.ts: the Service as the document reports it, with the API's defaults filled in. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceReport } from '../../../src/explain/service.ts';
import type { ServiceReport } from '../../../src/explain/types.ts';
import type { Service } from '../../../src/kubernetes/objects.ts';
import { service } from '../builders.ts';

const cases: { name: string; service: Service; report: Partial<ServiceReport> }[] = [
  {
    name: 'defaults: ClusterIP, Cluster policies, TCP, targetPort = port',
    service: { kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } },
    report: { namespace: 'default', type: 'ClusterIP', clusterIPs: [], externalTrafficPolicy: null, internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', selector: null, ports: [{ name: '', port: 80, protocol: 'TCP', targetPort: 80, nodePort: null }] },
  },
  { name: 'headless: clusterIP None, listed as no IP', service: service('web', { clusterIP: 'None', clusterIPs: ['None'] }), report: { headless: true, clusterIPs: [] } },
  { name: 'externalTrafficPolicy applies to NodePort and LoadBalancer only', service: service('web', { type: 'NodePort' }), report: { externalTrafficPolicy: 'Cluster' } },
  { name: 'an empty selector is no selector', service: service('web', { selector: {} }), report: { selector: null } },
  {
    name: 'load balancer addresses: IPs or hostnames',
    service: { ...service('web', { type: 'LoadBalancer' }), status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }, { hostname: 'lb.example.com' }] } } },
    report: { loadBalancerIPs: ['203.0.113.7', 'lb.example.com'] },
  },
];

describe('serviceReport', () => {
  for (const c of cases) {
    it(c.name, () => {
      const report = serviceReport(c.service);
      assert.deepEqual({ ...report, ...c.report }, report);
    });
  }
});

/**
 * explain/pod/probeless.ts: the containers whose missing readiness probe lets traffic in early.
 * A container without one is ready once running (prober_manager.go UpdatePodStatus), so only the
 * containers that serve the Service's port matter; a probeless sidecar beside a probed app is harmless.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probelessServingContainers } from '../../../src/explain/pod/probeless.ts';
import type { Container, Service } from '../../../src/kubernetes/objects.ts';
import { pod, podIn, service, viewOf } from '../builders.ts';

const app = (probe: boolean, port = 8080): Container => ({ name: 'app', ports: [{ containerPort: port, protocol: 'TCP', name: 'http' }], ...(probe ? { readinessProbe: { tcpSocket: { port } } } : {}) });
const sidecar: Container = { name: 'log-shipper' };

const cases: { name: string; containers: Container[]; service?: Service; gates?: string[]; probeless: string[] }[] = [
  { name: 'a probed app container: none', containers: [app(true)], probeless: [] },
  { name: 'the serving container has no probe', containers: [app(false)], probeless: ['app'] },
  { name: 'a probeless sidecar beside a probed app: harmless', containers: [app(true), sidecar], probeless: [] },
  { name: 'no container declares the port (a numeric targetPort need not be declared): all probeless ones, when all are', containers: [{ name: 'a' }, { name: 'b' }], probeless: ['a', 'b'] },
  { name: 'no container declares the port, one is probed: cannot tell which serves, nothing said', containers: [{ name: 'a', readinessProbe: { tcpSocket: { port: 8080 } } }, { name: 'b' }], probeless: [] },
  {
    // GeneratePodReadyCondition: Ready also waits for every gate, so "Ready as soon as its containers run" would be false.
    name: 'a readiness gate holds the pod back: not Ready as soon as its containers run, nothing said',
    containers: [app(false)],
    gates: ['target-health.elbv2.k8s.aws/k8s-default-web-1a2b3c4d5e'],
    probeless: [],
  },
  { name: 'the named port resolves nowhere: it gets no traffic anyway', containers: [app(false, 9000)], service: service('web', { ports: [{ port: 80, protocol: 'TCP', targetPort: 'grpc' }] }), probeless: [] },
];

describe('probelessServingContainers', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = pod('web-1-aaaaa');
      if (p.spec) p.spec.containers = c.containers;
      if (p.spec && c.gates) p.spec.readinessGates = c.gates.map((conditionType) => ({ conditionType }));
      assert.deepEqual(probelessServingContainers(podIn(viewOf({ service: c.service ?? service(), pods: [p] }), 'web-1-aaaaa')), c.probeless);
    });
  }
});

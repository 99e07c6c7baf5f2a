/**
 * Ingress backends (k8s.io/api networking/v1): Service by port number or Service port name, default
 * and resource backends, IngressClass resolution, and the ALB controller's `use-annotation` actions,
 * on seed 004's own Ingresses (fixtures/README.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ingress } from '../../src/kubernetes/objects.ts';
import { routedServices } from '../../src/routes/backends.ts';
import { ingressRoutes } from '../../src/routes/ingress.ts';
import type { RouteInputs, RouteReport } from '../../src/routes/types.ts';
import { inputsFrom, loadObjects, named } from './load.ts';

const seed = await loadObjects(new URL('./fixtures/seed004-ingress.yaml', import.meta.url));

function backends(report: RouteReport): string[] {
  return report.rules.flatMap((r) => r.backends.map((b) => `${r.name} ${b.ref} w=${b.weight} share=${b.share} ${b.resolution.state === 'problem' ? b.resolution.finding.code : b.resolution.state}`));
}

function ingress2048(backend: NonNullable<Ingress['spec']>['defaultBackend'], extra: Partial<NonNullable<Ingress['spec']>> = {}): Ingress {
  const base = structuredClone(named<Ingress>(seed, 'Ingress', 'ingress-2048'));
  base.spec!.rules![0]!.http!.paths![0]!.backend = backend!;
  Object.assign(base.spec!, extra);
  return base;
}

interface Case {
  name: string;
  ingress: () => Ingress;
  inputs?: Partial<RouteInputs>;
  backends: string[];
  findings: string[];
  unknown?: RegExp;
}

const cases: Case[] = [
  {
    name: 'seed 004 ingress-2048: path / to service-2048 port number 80',
    ingress: () => named<Ingress>(seed, 'Ingress', 'ingress-2048'),
    backends: ['spec.rules[0].http.paths[0] service/game-2048/service-2048:80 w=1 share=1 resolved'],
    findings: [],
  },
  {
    name: 'port number the Service does not have: BackendPortMissing',
    ingress: () => ingress2048({ service: { name: 'service-2048', port: { number: 8080 } } }),
    backends: ['spec.rules[0].http.paths[0] service/game-2048/service-2048:8080 w=1 share=1 BackendPortMissing'],
    findings: ['BackendPortMissing ingress/game-2048/ingress-2048 spec.rules[0].http.paths[0]'],
  },
  {
    name: 'port name is a Service port name; service-2048\'s only port is unnamed: BackendPortMissing',
    ingress: () => ingress2048({ service: { name: 'service-2048', port: { name: 'http' } } }),
    backends: ['spec.rules[0].http.paths[0] service/game-2048/service-2048:http w=1 share=1 BackendPortMissing'],
    findings: ['BackendPortMissing ingress/game-2048/ingress-2048 spec.rules[0].http.paths[0]'],
  },
  {
    name: 'a Service that does not exist: BackendServiceMissing',
    ingress: () => ingress2048({ service: { name: 'service-2084', port: { number: 80 } } }),
    backends: ['spec.rules[0].http.paths[0] service/game-2048/service-2084:80 w=1 share=1 BackendServiceMissing'],
    findings: ['BackendServiceMissing ingress/game-2048/ingress-2048 spec.rules[0].http.paths[0]'],
  },
  {
    name: 'Services of game-2048 not in the input: unknown',
    ingress: () => ingress2048({ service: { name: 'service-2084', port: { number: 80 } } }),
    inputs: { serviceNamespaces: ['default'] },
    backends: ['spec.rules[0].http.paths[0] service/game-2048/service-2084:80 w=1 share=1 unknown'],
    findings: [],
    unknown: /Services in namespace game-2048 are not in the input/,
  },
  {
    name: 'defaultBackend comes first; a resource backend is not resolved',
    ingress: () => ingress2048({ resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' } }, { defaultBackend: { service: { name: 'service-2048', port: { number: 80 } } } }),
    backends: ['spec.defaultBackend service/game-2048/service-2048:80 w=1 share=1 resolved'],
    findings: [],
    unknown: /resource backend k8s.example.com\/StorageBucket\/static-assets is controller-specific/,
  },
  {
    name: 'seed 004 traffic-split: use-annotation forward action, ng and ng-canary 50/50',
    ingress: () => named<Ingress>(seed, 'Ingress', 'traffic-split'),
    backends: ['spec.rules[0].http.paths[0] service/default/ng:80 w=50 share=0.5 resolved', 'spec.rules[0].http.paths[0] service/default/ng-canary:80 w=50 share=0.5 resolved'],
    findings: [],
  },
  {
    name: 'use-annotation without the actions annotation: BackendActionInvalid',
    ingress: () => {
      const i = structuredClone(named<Ingress>(seed, 'Ingress', 'traffic-split'));
      delete i.metadata.annotations!['alb.ingress.kubernetes.io/actions.weighted-routing'];
      return i;
    },
    backends: [],
    findings: ['BackendActionInvalid ingress/default/traffic-split spec.rules[0].http.paths[0]'],
  },
  {
    name: 'use-annotation when IngressClasses are not listed: unknown',
    ingress: () => named<Ingress>(seed, 'Ingress', 'traffic-split'),
    inputs: { ingressClasses: null },
    backends: [],
    findings: [],
    unknown: /names an ALB action if the AWS Load Balancer Controller serves this Ingress, which is unknown/,
  },
  {
    name: 'use-annotation under another controller is an ordinary Service name: BackendServiceMissing',
    ingress: () => ({ ...named<Ingress>(seed, 'Ingress', 'traffic-split'), spec: { ...named<Ingress>(seed, 'Ingress', 'traffic-split').spec, ingressClassName: 'nginx' } }),
    inputs: { ingressClasses: [{ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }] },
    backends: ['spec.rules[0].http.paths[0] service/default/weighted-routing:use-annotation w=1 share=1 BackendServiceMissing'],
    findings: ['BackendServiceMissing ingress/default/traffic-split spec.rules[0].http.paths[0]'],
  },
];

describe('Ingress backends', () => {
  for (const c of cases) {
    it(c.name, () => {
      const report = ingressRoutes(c.ingress(), inputsFrom(seed, c.inputs));
      assert.deepEqual(backends(report), c.backends);
      assert.deepEqual(report.findings.map((f) => `${f.code} ${f.subject}`), c.findings);
      if (c.unknown) assert.match(report.unknown.join('\n'), c.unknown);
      else assert.deepEqual(report.unknown, []);
    });
  }

  it('the class: spec.ingressClassName, else the one default IngressClass, else none', () => {
    const ingress = structuredClone(named<Ingress>(seed, 'Ingress', 'ingress-2048'));
    delete ingress.spec!.ingressClassName;
    const alb = { ...named(seed, 'IngressClass', 'alb'), metadata: { name: 'alb', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } };
    assert.equal(ingressRoutes(ingress, inputsFrom(seed, { ingressClasses: [alb as never] })).ingressClass?.source, 'default');
    assert.equal(ingressRoutes(ingress, inputsFrom(seed)).ingressClass?.source, 'none');
    assert.match(ingressRoutes(ingress, inputsFrom(seed, { ingressClasses: null })).unknown.join(), /IngressClasses are not in the input/);
  });

  it('routedServices: each Service once, with the ports used', () => {
    const report = ingressRoutes(named<Ingress>(seed, 'Ingress', 'traffic-split'), inputsFrom(seed));
    assert.deepEqual(routedServices(report).map((r) => `${r.service.metadata.name}:${r.servicePorts.map((p) => p.port).join(',')}`), ['ng:80', 'ng-canary:80']);
  });
});

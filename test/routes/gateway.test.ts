/**
 * HTTPRoute and GRPCRoute backends, on the Gateway API's own conformance manifests and examples
 * (fixtures/README.md): weights and shares, defaults, ReferenceGrant, missing Services and ports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatewayRoutes } from '../../src/routes/gateway.ts';
import type { RouteInputs, RouteReport } from '../../src/routes/types.ts';
import { inputsFrom, loadObjects, named, type GRPCRoute, type HTTPRoute } from './load.ts';

const conformance = await loadObjects(new URL('./fixtures/conformance.yaml', import.meta.url));
const splits = await loadObjects(new URL('./fixtures/splits.yaml', import.meta.url));

function backends(report: RouteReport): string[] {
  return report.rules.flatMap((r) => r.backends.map((b) => `${b.ref} w=${b.weight} share=${b.share} ${b.resolution.state === 'problem' ? b.resolution.finding.code : b.resolution.state}`));
}

interface Case {
  name: string;
  route: () => HTTPRoute | GRPCRoute;
  inputs: () => RouteInputs;
  backends: string[];
  findings: string[];
  unknown?: RegExp;
}

const noGrants = { referenceGrants: [] };
const cases: Case[] = [
  {
    name: 'simple-split: 90/10 of one rule (weight / sum of weights)',
    route: () => named<HTTPRoute>(splits, 'HTTPRoute', 'simple-split'),
    inputs: () => inputsFrom(splits),
    backends: ['service/default/foo-v1:8080 w=90 share=0.9 resolved', 'service/default/foo-v2:8080 w=10 share=0.1 resolved'],
    findings: [],
  },
  {
    name: 'GRPCRoute 90/10: foo-v2 has no port 50051, so its tenth is a root cause and keeps its share',
    route: () => named<GRPCRoute>(splits, 'GRPCRoute', 'foo-route'),
    inputs: () => inputsFrom(splits),
    backends: ['service/default/foo-v1:50051 w=90 share=0.9 resolved', 'service/default/foo-v2:50051 w=10 share=0.1 BackendPortMissing'],
    findings: ['BackendPortMissing grpcroute/default/foo-route spec.rules[0].backendRefs[1]'],
  },
  {
    name: 'reference-grant: the grant in the backend namespace allows the cross-namespace Service',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'reference-grant'),
    inputs: () => inputsFrom(conformance),
    backends: ['service/gateway-conformance-web-backend/web-backend:8080 w=1 share=1 resolved'],
    findings: [],
  },
  {
    name: 'invalid-cross-namespace-backend-ref: no grant, RefNotPermitted',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-cross-namespace-backend-ref'),
    inputs: () => inputsFrom(conformance, noGrants),
    backends: ['service/gateway-conformance-web-backend/web-backend:8080 w=1 share=1 BackendRefNotPermitted'],
    findings: ['BackendRefNotPermitted httproute/gateway-conformance-infra/invalid-cross-namespace-backend-ref spec.rules[0].backendRefs[0]'],
  },
  {
    name: 'grants of the backend namespace not in the input: unknown, not "not permitted"',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-cross-namespace-backend-ref'),
    inputs: () => inputsFrom(conformance, { ...noGrants, referenceGrantNamespaces: ['gateway-conformance-infra'] }),
    backends: ['service/gateway-conformance-web-backend/web-backend:8080 w=1 share=1 unknown'],
    findings: [],
    unknown: /ReferenceGrants in namespace gateway-conformance-web-backend are not in the input/,
  },
  {
    name: 'a grant for another route kind does not count (from: HTTPRoute, route: GRPCRoute)',
    route: () => ({ ...named<HTTPRoute>(conformance, 'HTTPRoute', 'reference-grant'), kind: 'GRPCRoute' }) as GRPCRoute,
    inputs: () => inputsFrom(conformance),
    backends: ['service/gateway-conformance-web-backend/web-backend:8080 w=1 share=1 BackendRefNotPermitted'],
    findings: ['BackendRefNotPermitted grpcroute/gateway-conformance-infra/reference-grant spec.rules[0].backendRefs[0]'],
  },
  {
    name: 'invalid-nonexistent-backend-ref: BackendServiceMissing',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-nonexistent-backend-ref'),
    inputs: () => inputsFrom(conformance),
    backends: ['service/gateway-conformance-infra/nonexistent:8080 w=1 share=1 BackendServiceMissing'],
    findings: ['BackendServiceMissing httproute/gateway-conformance-infra/invalid-nonexistent-backend-ref spec.rules[0].backendRefs[0]'],
  },
  {
    name: 'Services of the namespace not in the input: unknown, not missing',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-nonexistent-backend-ref'),
    inputs: () => inputsFrom(conformance, { serviceNamespaces: ['gateway-conformance-web-backend'] }),
    backends: ['service/gateway-conformance-infra/nonexistent:8080 w=1 share=1 unknown'],
    findings: [],
    unknown: /Services in namespace gateway-conformance-infra are not in the input/,
  },
  {
    name: 'invalid-backend-ref-unknown-kind: implementation-specific, unknown',
    route: () => named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-backend-ref-unknown-kind'),
    inputs: () => inputsFrom(conformance),
    backends: ['nonexistent.unknownkind.example.com/gateway-conformance-infra/infra-backend-v1:8080 w=1 share=1 unknown'],
    findings: [],
    unknown: /unknownkind.example.com\/NonExistent is implementation-specific/,
  },
];

describe('Gateway API route backends', () => {
  for (const c of cases) {
    it(c.name, () => {
      const report = gatewayRoutes(c.route(), c.inputs());
      assert.deepEqual(backends(report), c.backends);
      assert.deepEqual(report.findings.map((f) => `${f.code} ${f.subject}`), c.findings);
      if (c.unknown) assert.match(report.unknown.join('\n'), c.unknown);
      else assert.deepEqual(report.unknown, []);
    });
  }

  it('defaults: group "" and kind Service, weight 1, the route namespace; a weight of 0 gets no share', () => {
    const route: HTTPRoute = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'gateway-conformance-infra' }, spec: { rules: [{ backendRefs: [{ name: 'infra-backend-v1', port: 8080 }, { name: 'infra-backend-v1', port: 8081, weight: 0 }, { name: 'infra-backend-v1', port: 8082, weight: 3 }] }] } };
    const report = gatewayRoutes(route, inputsFrom(conformance));
    assert.deepEqual(backends(report), ['service/gateway-conformance-infra/infra-backend-v1:8080 w=1 share=0.25 resolved', 'service/gateway-conformance-infra/infra-backend-v1:8081 w=0 share=0 resolved', 'service/gateway-conformance-infra/infra-backend-v1:8082 w=3 share=0.75 resolved']);
  });

  it('a Service reference without a port is BackendPortMissing (the CRD requires one for Services)', () => {
    const route: HTTPRoute = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'gateway-conformance-infra' }, spec: { rules: [{ backendRefs: [{ name: 'infra-backend-v1' }] }] } };
    const [finding] = gatewayRoutes(route, inputsFrom(conformance)).findings;
    assert.equal(finding?.code, 'BackendPortMissing');
    assert.match(finding?.message ?? '', /no port, which the Service does not have \(its ports: 8080\/TCP "first-port", 8081\/TCP "second-port", 8082\/TCP "third-port"\)/);
  });

  it('a rule whose every backend has weight 0 says so', () => {
    const route: HTTPRoute = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'default' }, spec: { rules: [{ backendRefs: [{ name: 'foo-v1', port: 8080, weight: 0 }] }] } };
    assert.match(gatewayRoutes(route, inputsFrom(splits)).rules[0]?.note ?? '', /every backendRef has weight 0/);
  });

  it('parents: defaults applied and the implementation\'s conditions quoted', () => {
    const route = structuredClone(named<HTTPRoute>(conformance, 'HTTPRoute', 'invalid-nonexistent-backend-ref'));
    route.status = { parents: [{ parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'same-namespace' }, controllerName: 'example.com/gateway', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }, { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound' }] }] };
    assert.deepEqual(gatewayRoutes(route, inputsFrom(conformance)).parents, [{ ref: 'gateway/gateway-conformance-infra/same-namespace', controller: 'example.com/gateway', accepted: 'True (Accepted)', resolvedRefs: 'False (BackendNotFound)' }]);
  });
});

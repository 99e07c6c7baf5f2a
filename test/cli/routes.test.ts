/**
 * `explain ingress/NAME`, `explain httproute/NAME`, `explain grpcroute/NAME`: the route's backends
 * with their weights and shares, then each backend Service explained as `explain svc/` does, as
 * one ServiceExplanationList with the route's report in `route`; a backend that does not exist is
 * a root cause (--exit-code 3). Offline from files and live from the in-memory API server, with
 * the same answer. Objects: seed 004's Ingress (examples/aws-lb-rollout) and the gateway-api
 * conformance and traffic-splitting manifests (test/routes/fixtures/README.md).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import type { RouteDocument } from '../../src/explain/route.ts';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { parseObjectsWith } from '../../src/sources/objectfile.ts';
import { json, requestLines, withLive } from '../cluster/live.ts';
import { runCli } from './capture.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const AWS = path('../../examples/aws-lb-rollout/objects.bad.yaml');
const CONFORMANCE = path('../routes/fixtures/conformance.yaml');
const SPLITS = path('../routes/fixtures/splits.yaml');
const objectsOf = (file: string): KubeObject[] => parseObjectsWith(yaml, readFileSync(file, 'utf8'), file).filter((o) => o.kind !== 'TargetGroupBinding');

interface RouteList {
  kind: string;
  route: RouteDocument;
  items: Explanation[];
}

const backends = (doc: RouteList) => doc.route.rules.flatMap((r) => r.backends.map((b) => `${b.ref} ${b.weight} ${b.share} ${b.state}${b.finding ? ` ${b.finding}` : ''}`));

async function offline(args: string[]): Promise<{ code: number; doc: RouteList; stdout: string }> {
  const r = await runCli(['explain', ...args, '-o', 'json']);
  assert.equal(r.stderr, '');
  return { code: r.code, doc: json<RouteList>(r.stdout), stdout: r.stdout };
}

describe('explain a route, offline', () => {
  it('ingress/django-ingress (seed 004): one backend, all requests, then django-svc explained with its termination findings', async () => {
    const { doc } = await offline(['ingress/django-ingress', '-f', AWS]);
    assert.equal(doc.kind, 'ServiceExplanationList');
    // The deprecated annotation names the class: no IngressClass object (and controller) is involved.
    assert.deepEqual([doc.route.kind, doc.route.ingressClass?.annotation, doc.route.ingressClass?.controller], ['Ingress', 'alb', null]);
    assert.deepEqual(backends(doc), ['service/default/django-svc:80 1 1 resolved']);
    assert.deepEqual(doc.items.map((e) => e.service.name), ['django-svc']);
    assert.ok(doc.items[0]?.findings.some((f) => f.code === 'HealthCheckPathMismatch'), 'the Service is explained as explain svc/ explains it');
  });

  it('ing/ and ingresses.networking.k8s.io/ are kubectl\'s spellings of the same target', async () => {
    const a = await offline(['ing/django-ingress', '-f', AWS]);
    const b = await offline(['ingresses.networking.k8s.io/django-ingress', '-f', AWS]);
    assert.deepEqual(a.doc, b.doc);
  });

  it('httproute/simple-split: 90/10 between two Services, explained in the route\'s order', async () => {
    const { doc } = await offline(['httproute/simple-split', '-f', SPLITS]);
    assert.deepEqual(backends(doc), ['service/default/foo-v1:8080 90 0.9 resolved', 'service/default/foo-v2:8080 10 0.1 resolved']);
    assert.deepEqual(doc.items.map((e) => e.service.name), ['foo-v1', 'foo-v2']);
  });

  it('grpcroute/foo-route: foo-v2 lacks port 50051, a root cause that gets its 10% of requests as errors', async () => {
    const { doc } = await offline(['grpcroute/foo-route', '-f', SPLITS]);
    assert.deepEqual(backends(doc), ['service/default/foo-v1:50051 90 0.9 resolved', 'service/default/foo-v2:50051 10 0.1 problem BackendPortMissing']);
    assert.deepEqual(doc.items.map((e) => e.service.name), ['foo-v1']);
    const exit = await runCli(['explain', 'grpcroute/foo-route', '-f', SPLITS, '--exit-code']);
    assert.equal(exit.code, 3);
    assert.match(exit.stdout, /Root causes:\n {2}critical BackendPortMissing: grpcroute\/default\/foo-route spec\.rules\[0\]\.backendRefs\[1\] sends to Service default\/foo-v2 port 50051, which the Service does not have \(its ports: 8080\/TCP "http"\)\n {11}fix: /);
  });

  it('a backend Service that does not exist: BackendServiceMissing, nothing to explain, exit 3 with --exit-code', async () => {
    const r = await runCli(['explain', 'httproute/invalid-nonexistent-backend-ref', '-n', 'gateway-conformance-infra', '-f', CONFORMANCE, '--exit-code', '-o', 'json']);
    assert.equal(r.code, 3, r.stderr);
    const doc = json<RouteList>(r.stdout);
    assert.deepEqual([backends(doc), doc.items], [['service/gateway-conformance-infra/nonexistent:8080 1 1 problem BackendServiceMissing'], []]);
  });

  it('a backend of a kind we do not resolve is unknown, not a root cause: --exit-code says unknown (4), not 3', async () => {
    const { code, doc } = await offline(['httproute/invalid-backend-ref-unknown-kind', '-f', CONFORMANCE, '--exit-code']);
    assert.equal(code, 4);
    assert.deepEqual(backends(doc), ['nonexistent.unknownkind.example.com/gateway-conformance-infra/infra-backend-v1:8080 1 1 unknown']);
    assert.match(doc.route.unknown.join('\n'), /implementation-specific and not resolved/);
  });

  it('hostile text in a route (an escape sequence in a path match) is shown escaped, never emitted', async () => {
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'evil', namespace: 'default' }, spec: { rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/\u001b]52;c;aGk=\u0007' } }], backendRefs: [{ name: 'foo-v1', port: 8080 }] }] } };
    const r = await runCli(['explain', 'httproute/evil', '-f', '-', '-f', SPLITS], { stdin: JSON.stringify(route) });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'));
    assert.match(r.stdout, /PathPrefix \/\\e\]52;c;aGk=\\x07/);
  });

  it('a route not in the files: one line naming it', async () => {
    const r = await runCli(['explain', 'httproute/nope', '-f', SPLITS]);
    assert.deepEqual([r.code, r.stderr], [1, 'error: httproute "nope" not found in the input files\n']);
  });
});

describe('explain a route, live', () => {
  it('the same document as from the files, from a GET of the route and a GET per backend Service', async () => {
    const fromFile = (await offline(['grpcroute/foo-route', '-f', SPLITS])).doc;
    await withLive(objectsOf(SPLITS), async (live) => {
      const r = await live.run(['explain', 'grpcroute/foo-route', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json<RouteList>(r.stdout);
      assert.deepEqual(doc.route, fromFile.route);
      assert.deepEqual(doc.items.map((e) => e.service.name), ['foo-v1']);
      const lines = requestLines(live.server.requests);
      assert.deepEqual(lines.slice(0, 3), [
        'GET /apis/gateway.networking.k8s.io/v1/namespaces/default/grpcroutes/foo-route',
        'GET /api/v1/namespaces/default/services/foo-v1',
        'GET /api/v1/namespaces/default/services/foo-v2',
      ]);
    });
  });

  it('ingress/django-ingress over HTTP: the Ingress, then django-svc as explain reads it', async () => {
    await withLive(objectsOf(AWS), async (live) => {
      const r = await live.run(['explain', 'ingress/django-ingress']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Ingress default\/django-ingress {2}class alb \(annotation kubernetes\.io\/ingress\.class\)\nRULE +MATCH +BACKEND +WEIGHT +SHARE +RESOLVES TO\nspec\.rules\[0\]\.http\.paths\[0\] +\*\/ \(Prefix\) +service\/default\/django-svc:80 +1 +100% +default\/django-svc port 80\/TCP "http"\n/);
      assert.match(r.stdout, /\n\nService default\/django-svc {2}NodePort/);
    });
  });

  it('backend Services forbidden: the backend is unknown, never "missing", and --exit-code says unknown (4)', async () => {
    await withLive(objectsOf(SPLITS), async (live) => {
      live.server.forbid('services');
      const r = await live.run(['explain', 'httproute/simple-split', '-o', 'json', '--exit-code']);
      assert.equal(r.code, 4, r.stderr);
      const doc = json<RouteList>(r.stdout);
      assert.deepEqual(doc.route.rules[0]?.backends.map((b) => b.state), ['unknown', 'unknown']);
      assert.deepEqual([doc.route.findings, doc.items], [[], []]);
    });
  });

  it('a cross-namespace backend: the ReferenceGrants of that namespace are listed (v1beta1), and decide', async () => {
    await withLive(objectsOf(CONFORMANCE).filter((o) => o.kind !== 'ReferenceGrant'), async (live) => {
      const r = await live.run(['explain', 'httproute/invalid-cross-namespace-backend-ref', '-n', 'gateway-conformance-infra', '-o', 'json']);
      const doc = json<RouteList>(r.stdout);
      assert.deepEqual(backends(doc), ['service/gateway-conformance-web-backend/web-backend:8080 1 1 problem BackendRefNotPermitted']);
      assert.ok(requestLines(live.server.requests).includes('GET /apis/gateway.networking.k8s.io/v1beta1/namespaces/gateway-conformance-web-backend/referencegrants?limit=500'));
    });
  });

  it('a route that does not exist: one line naming it and the namespace', async () => {
    await withLive(objectsOf(SPLITS), async (live) => {
      const r = await live.run(['explain', 'httproute/nope']);
      assert.deepEqual([r.code, r.stderr], [1, 'error: httproute "nope" not found in namespace "default"\n']);
    });
  });
});

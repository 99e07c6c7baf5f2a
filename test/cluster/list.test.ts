import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import type { ServiceListing } from '../../src/explain/listing.ts';
import { nodeObjects, serviceObjects } from './generate.ts';
import { json, requestLines, withLive } from './live.ts';

/** Four Services in two namespaces: one broken, one degraded, one terminating, one healthy. */
function cluster(): KubeObject[] {
  const terminating = serviceObjects({ name: 'batch', namespace: 'jobs', pods: 2, ipBase: 300 }).map((o) => {
    if (o.kind === 'EndpointSlice') {
      const slice = o as { endpoints?: { conditions?: object }[] };
      slice.endpoints?.forEach((e, i) => (e.conditions = i === 0 ? { ready: false, serving: true, terminating: true } : { ready: false, serving: false, terminating: true }));
    }
    if (o.kind === 'Pod') (o as Pod).metadata.deletionTimestamp = '2025-06-01T10:20:00Z';
    return o;
  });
  return [
    ...nodeObjects(3),
    ...serviceObjects({ name: 'web', pods: 3, notReady: 1, ipBase: 0 }),
    ...serviceObjects({ name: 'api', pods: 2, notReady: 2, ipBase: 100 }),
    ...serviceObjects({ name: 'cache', namespace: 'jobs', pods: 2, ipBase: 200, labels: { app: 'cache', tier: 'backend' } }),
    ...terminating,
  ];
}

describe('list: every Service, worst first', () => {
  it('list -A: counts per Service and the worst finding, critical first, then by namespace and name', async () => {
    await withLive(cluster(), async (live) => {
      const r = await live.run(['list', '-A', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const listing = json<ServiceListing>(r.stdout);
      assert.deepEqual(listing.services.map((s) => [s.namespace, s.name, s.worst?.severity ?? 'ok', s.worst?.code ?? null]), [
        ['default', 'api', 'critical', 'NoReadyEndpoints'],
        ['jobs', 'batch', 'warning', 'ServingTerminatingFallback'],
        ['default', 'web', 'ok', null],
        ['jobs', 'cache', 'ok', null],
      ]);
      const web = listing.services.find((s) => s.name === 'web');
      assert.deepEqual([web?.pods, web?.endpoints], [3, { ready: 2, servingOnly: 0, terminating: 0, notReady: 1 }]);
      assert.deepEqual(listing.services.find((s) => s.name === 'batch')?.endpoints, { ready: 0, servingOnly: 1, terminating: 1, notReady: 0 });
      assert.deepEqual(listing.unknown, []);
    });
  });

  it('the worst finding is the one explain puts first', async () => {
    await withLive(cluster(), async (live) => {
      const listing = json<ServiceListing>((await live.run(['list', '-A', '-o', 'json'])).stdout);
      for (const row of listing.services) {
        const explained = json<Explanation>((await live.run(['explain', `svc/${row.name}`, '-n', row.namespace, '-o', 'json'])).stdout);
        assert.deepEqual(row.worst, explained.findings[0] ?? null, `${row.namespace}/${row.name}`);
      }
    });
  });

  it('seven list requests for the whole cluster, whatever the number of Services, all GET', async () => {
    await withLive(cluster(), async (live) => {
      const r = await live.run(['list', '-A']);
      assert.equal(r.code, 0, r.stderr);
      // The last three are for the termination window: Namespaces (readiness-gate label), Ingresses and IngressClasses.
      assert.deepEqual(requestLines(live.server.requests).sort(), [
        'GET /api/v1/endpoints?limit=500',
        'GET /api/v1/namespaces?limit=500',
        'GET /api/v1/pods?limit=500',
        'GET /api/v1/services?limit=500',
        'GET /apis/discovery.k8s.io/v1/endpointslices?limit=500',
        'GET /apis/networking.k8s.io/v1/ingressclasses?limit=500',
        'GET /apis/networking.k8s.io/v1/ingresses?limit=500',
      ]);
    });
  });

  it('the table has a NAMESPACE column with -A, and the counts under their headers', async () => {
    await withLive(cluster(), async (live) => {
      const r = await live.run(['list', '-A']);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /^NAMESPACE\s+NAME\s+TYPE\s+PODS\s+TRAFFIC\s+READY\s+SERVING\s+TERMINATING\s+NOT READY\s+WHY NOT\s+FINDING$/);
      assert.match(lines[1] ?? '', /^default\s+api\s+ClusterIP\s+2\s+0\/2\s+0\s+0\s+0\s+2\s+ReadinessProbeFailing x2\s+critical: NoReadyEndpoints$/);
      assert.match(lines[3] ?? '', /^default\s+web\s+ClusterIP\s+3\s+2\/3\s+2\s+0\s+0\s+1\s+ReadinessProbeFailing\s+ok$/);
    });
  });

  it('-n jobs -l tier=backend: only that namespace, Services selected server-side', async () => {
    await withLive(cluster(), async (live) => {
      const r = await live.run(['list', '-n', 'jobs', '-l', 'tier=backend']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^NAME\s+TYPE/);
      assert.deepEqual(r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['cache']);
      assert.ok(requestLines(live.server.requests).includes('GET /api/v1/namespaces/jobs/services?labelSelector=tier=backend&limit=500'));
    });
  });

  it('pods forbidden: PODS is "?", the warning names the forbidden resource, endpoints are still counted', async () => {
    await withLive(cluster(), async (live) => {
      live.server.forbid('pods');
      const r = await live.run(['list']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /^warning: Pod: forbidden: pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods"/);
      // Rows still come from the endpoints' targetRefs: 2 of 3 known to receive, the third not Ready in its slice.
      assert.match(r.stdout, /\nweb\s+ClusterIP\s+\?\s+2\/3\s+2\s+0\s+0\s+1\s+EndpointNotReady\s+/);
    });
  });

  it('an empty namespace says so on stderr, as kubectl does', async () => {
    await withLive(cluster(), async (live) => {
      const r = await live.run(['list', '-n', 'empty']);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'No resources found in empty namespace.\n');
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import type { KubeClient, Query } from '../../src/sources/cluster/client.ts';
import { ApiError } from '../../src/sources/cluster/failures.ts';
import { listAll } from '../../src/sources/cluster/paging.ts';
import { nodeObjects, serviceObjects } from './generate.ts';
import { json, withLive } from './live.ts';

describe('live explain of a large Service: paginated, and still few requests', () => {
  const objects = [...nodeObjects(60), ...serviceObjects({ name: 'big', pods: 1200, notReady: 300, nodes: 60 })];

  it('1,200 pods over 60 nodes with 300 failing: nine requests, every pod explained, every failure quoted', async () => {
    await withLive(objects, async (live) => {
      const r = await live.run(['explain', 'svc/big', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json<Explanation>(r.stdout);
      assert.deepEqual([doc.summary.pods, doc.summary.receiving, doc.summary.notReceiving], [1200, 900, 300]);
      const failing = doc.pods.filter((p) => !p.receivesTraffic);
      assert.ok(failing.every((p) => /failing \(12x: "cat: can't open/.test(p.reasons[0]?.message ?? '')), 'each failing pod quotes its probe failure');
      assert.ok(doc.findings.some((f) => f.code === 'EndpointsOverCapacity'), 'the Endpoints object is truncated at 1,000');

      const requests = live.server.requests;
      const byPath = (suffix: string) => requests.filter((q) => q.path.endsWith(suffix));
      const pods = byPath('/namespaces/default/pods');
      assert.equal(pods.length, 3, 'pods: 3 pages of 500');
      assert.deepEqual(pods.map((q) => [q.query.labelSelector, q.query.limit, q.query.continue !== undefined]), [['app=big', '500', false], ['app=big', '500', true], ['app=big', '500', true]]);
      assert.equal(byPath('/api/v1/nodes').length, 1, 'past 50 nodes, one node LIST instead of 60 GETs');
      const events = byPath('/namespaces/default/events');
      assert.equal(events.length, 1, 'past 8 failing pods, one namespace-wide LIST of warning events');
      assert.equal(events[0]?.query.fieldSelector, 'involvedObject.kind=Pod,type=Warning');
      assert.equal(byPath('/namespaces/default/ingresses').length, 1, 'one LIST of the namespace\'s Ingresses (none names the Service: no Namespace or IngressClass read)');
      assert.equal(requests.length, 9);
    });
  });

  it('600 failing pods: the warning events list is paginated too', async () => {
    await withLive(serviceObjects({ name: 'big', pods: 700, notReady: 600, nodes: 3 }), async (live) => {
      const r = await live.run(['explain', 'svc/big', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(live.server.requests.filter((q) => q.path.endsWith('/events')).length, 2);
      assert.equal(live.server.requests.filter((q) => q.path.startsWith('/api/v1/nodes/')).length, 3, 'three nodes: a GET each');
      const doc = json<Explanation>(r.stdout);
      assert.equal(doc.pods.filter((p) => /12x/.test(p.reasons[0]?.message ?? '')).length, 600);
    });
  });
});

describe('paging: limit and continue, as client-go\'s pager', () => {
  /** A fake client serving `items` in pages, answering 410 Expired to the first continue request when asked. */
  function pagedClient(items: KubeObject[], expireOnce: boolean): KubeClient & { calls: Query[] } {
    let expired = false;
    const calls: Query[] = [];
    return {
      server: 'fake',
      calls,
      get: <T>(_path: string, query: Query = {}): Promise<T> => {
        calls.push(query);
        if (query.continue && expireOnce && !expired) {
          expired = true;
          return Promise.reject(new ApiError('expired', 410, 'Expired', 'The provided continue parameter is too old'));
        }
        const start = Number(query.continue ?? 0);
        const limit = Number(query.limit ?? items.length);
        const page = items.slice(start, start + limit);
        const next = start + limit < items.length ? String(start + limit) : undefined;
        return Promise.resolve({ kind: 'PodList', apiVersion: 'v1', metadata: next ? { continue: next } : {}, items: page } as T);
      },
    };
  }
  const pods = Array.from({ length: 1100 }, (_, i) => ({ metadata: { name: `p${i}` } }));

  it('follows continue tokens to the end and fills in kind and apiVersion on every item', async () => {
    const client = pagedClient(pods, false);
    const items = await listAll(client, '/api/v1/pods');
    assert.equal(items.length, 1100);
    assert.equal(client.calls.length, 3);
    assert.deepEqual(Object.keys(items[0] ?? {}).slice(0, 2), ['apiVersion', 'kind']);
    assert.equal(items[1099]?.kind, 'Pod');
  });

  it('a continue token that expired mid-list (410) restarts the list without paging', async () => {
    const client = pagedClient(pods, true);
    const items = await listAll(client, '/api/v1/pods', { labelSelector: 'app=x' });
    assert.equal(items.length, 1100);
    assert.deepEqual(client.calls.at(-1), { labelSelector: 'app=x' });
  });
});

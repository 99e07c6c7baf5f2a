import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getJson, itemsOf, namesOf, NOT_READY_POD, READY_PODS, withServer } from './harness.ts';
import { CONTINUE_EXPIRED_MESSAGE } from './status.ts';

const ALL_PODS = [...READY_PODS, NOT_READY_POD].sort();

describe('discovery', () => {
  it('serves /version, /api, /api/v1 with real short names and kinds', () =>
    withServer({}, async (server) => {
      assert.equal((await getJson(server, '/version')).body.gitVersion, 'v1.32.4');
      const api = await getJson(server, '/api');
      assert.deepEqual(api.body.versions, ['v1']);
      const v1 = await getJson(server, '/api/v1');
      assert.equal(v1.body.kind, 'APIResourceList');
      const byName = new Map((v1.body.resources as { name: string; shortNames?: string[]; kind: string; namespaced: boolean }[]).map((r) => [r.name, r]));
      assert.deepEqual(byName.get('services')?.shortNames, ['svc']);
      assert.deepEqual(byName.get('endpoints')?.shortNames, ['ep']);
      assert.deepEqual(byName.get('pods')?.shortNames, ['po']);
      assert.deepEqual(byName.get('nodes')?.shortNames, ['no']);
      assert.deepEqual(byName.get('events')?.shortNames, ['ev']);
      assert.equal(byName.get('nodes')?.namespaced, false);
      assert.equal(byName.get('endpoints')?.kind, 'Endpoints');
    }));

  it('serves the discovery.k8s.io group with endpointslices (no short name), and apps with daemonsets', () =>
    withServer({}, async (server) => {
      const groups = await getJson(server, '/apis');
      assert.deepEqual((groups.body.groups as { name: string }[]).map((g) => g.name), ['discovery.k8s.io', 'apps', 'networking.k8s.io', 'gateway.networking.k8s.io']);
      const apps = await getJson(server, '/apis/apps/v1');
      assert.ok((apps.body.resources as { name: string; shortNames: string[] }[]).some((r) => `${r.name} ${r.shortNames.join()}` === 'daemonsets ds'));
      assert.equal((await getJson(server, '/apis/discovery.k8s.io')).body.kind, 'APIGroup');
      const list = await getJson(server, '/apis/discovery.k8s.io/v1');
      assert.equal(list.body.groupVersion, 'discovery.k8s.io/v1');
      const slices = (list.body.resources as Record<string, unknown>[])[0];
      assert.deepEqual({ name: slices?.name, kind: slices?.kind, shortNames: slices?.shortNames }, { name: 'endpointslices', kind: 'EndpointSlice', shortNames: undefined });
    }));

  it('answers a request for aggregated discovery with the legacy document as plain JSON', () =>
    withServer({}, async (server) => {
      const res = await getJson(server, '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
      assert.equal(res.contentType, 'application/json');
      assert.equal(res.body.kind, 'APIGroupList');
    }));

  it('has no OpenAPI: /openapi/v2 and /openapi/v3 are 404 Status', () =>
    withServer({}, async (server) => {
      for (const path of ['/openapi/v2', '/openapi/v3']) {
        const res = await getJson(server, path);
        assert.equal(res.status, 404);
        assert.equal(res.body.kind, 'Status');
      }
    }));
});

describe('get and list', () => {
  it('gets one pod with kind, apiVersion, and renumbered resourceVersion but kept uid and creationTimestamp', () =>
    withServer({}, async (server) => {
      const res = await getJson(server, `/api/v1/namespaces/default/pods/${NOT_READY_POD}`);
      assert.equal(res.status, 200);
      const metadata = res.body.metadata as Record<string, string>;
      assert.equal(res.body.kind, 'Pod');
      assert.equal(res.body.apiVersion, 'v1');
      assert.equal(metadata.uid, 'e2a4c6e8-1f3b-4d5f-9c8e-7a6b5c4d3e74');
      assert.equal(metadata.creationTimestamp, '2025-06-01T10:00:05Z');
      assert.ok(Number(metadata.resourceVersion) <= Number(server.resourceVersion));
      assert.notEqual(metadata.resourceVersion, '912102');
    }));

  it('lists with the real shape: PodList, list resourceVersion, items without kind/apiVersion, sorted by name', () =>
    withServer({}, async (server) => {
      const res = await getJson(server, '/api/v1/namespaces/default/pods');
      assert.equal(res.body.kind, 'PodList');
      assert.equal(res.body.apiVersion, 'v1');
      assert.deepEqual(res.body.metadata, { resourceVersion: server.resourceVersion });
      const items = itemsOf(res.body);
      assert.deepEqual(namesOf(items), ALL_PODS);
      assert.ok(items.every((i) => i.kind === undefined && i.apiVersion === undefined));
      const slices = await getJson(server, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices');
      assert.equal(slices.body.kind, 'EndpointSliceList');
      assert.equal(slices.body.apiVersion, 'discovery.k8s.io/v1');
    }));

  it('lists cluster-wide and cluster-scoped resources', () =>
    withServer({}, async (server) => {
      assert.deepEqual(namesOf(itemsOf((await getJson(server, '/api/v1/pods')).body)), ALL_PODS);
      assert.deepEqual(namesOf(itemsOf((await getJson(server, '/api/v1/nodes')).body)), ['node-a', 'node-b']);
      assert.deepEqual(namesOf(itemsOf((await getJson(server, '/api/v1/namespaces')).body)), ['default']);
      assert.deepEqual(itemsOf((await getJson(server, '/api/v1/namespaces/other/pods')).body), []);
    }));

  it('filters by label selector server-side, equality and set-based', () =>
    withServer({}, async (server) => {
      const names = async (selector: string): Promise<string[]> =>
        namesOf(itemsOf((await getJson(server, `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`)).body));
      assert.deepEqual(await names('app=web'), ALL_PODS);
      assert.deepEqual(await names('app!=web'), []);
      assert.deepEqual(await names('app in (web,api),pod-template-hash'), ALL_PODS);
      assert.deepEqual(await names('app notin (web)'), []);
      assert.deepEqual(await names('!app'), []);
    }));

  it('filters events by involvedObject and pods by node and phase', () =>
    withServer({}, async (server) => {
      const events = await getJson(server, `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${NOT_READY_POD},involvedObject.kind=Pod`)}`);
      const [event] = itemsOf(events.body);
      assert.equal(itemsOf(events.body).length, 1);
      assert.equal(event?.reason, 'Unhealthy');
      assert.equal(event?.message, "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
      const onA = await getJson(server, '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a,status.phase%3DRunning');
      assert.deepEqual(namesOf(itemsOf(onA.body)), ['web-5d8f7c9b6-tz4wd', 'web-5d8f7c9b6-x2x7k']);
    }));

  it('answers 400 BadRequest for a selector it cannot parse or a field it does not index', () =>
    withServer({}, async (server) => {
      const bad = await getJson(server, '/api/v1/pods?labelSelector=app%20in%20web');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.reason, 'BadRequest');
      const field = await getJson(server, '/api/v1/services?fieldSelector=spec.clusterIP%3D1.2.3.4');
      assert.equal(field.body.message, 'field label not supported: spec.clusterIP');
    }));
});

describe('pagination', () => {
  it('pages with limit and an opaque continue token, counting the remaining items', () =>
    withServer({}, async (server) => {
      const first = await getJson(server, '/api/v1/namespaces/default/pods?limit=2');
      const meta = first.body.metadata as { continue: string; remainingItemCount: number; resourceVersion: string };
      assert.deepEqual(namesOf(itemsOf(first.body)), ALL_PODS.slice(0, 2));
      assert.equal(meta.remainingItemCount, 1);
      assert.match(meta.continue, /^[A-Za-z0-9+/]+=*$/);
      const second = await getJson(server, `/api/v1/namespaces/default/pods?limit=2&continue=${encodeURIComponent(meta.continue)}`);
      assert.deepEqual(namesOf(itemsOf(second.body)), ALL_PODS.slice(2));
      assert.deepEqual(second.body.metadata, { resourceVersion: meta.resourceVersion });
    }));

  it('keeps later pages consistent with the first page even when objects change in between', () =>
    withServer({}, async (server) => {
      const first = await getJson(server, '/api/v1/namespaces/default/pods?limit=1');
      server.remove('Pod', 'default', ALL_PODS[2] ?? '');
      server.setPodReady('default', NOT_READY_POD, true);
      const token = (first.body.metadata as { continue: string }).continue;
      const rest = await getJson(server, `/api/v1/namespaces/default/pods?limit=5&continue=${encodeURIComponent(token)}`);
      assert.deepEqual(namesOf(itemsOf(rest.body)), ALL_PODS.slice(1));
    }));

  it('answers 410 Expired for a continue token older than the compacted history', () =>
    withServer({}, async (server) => {
      const first = await getJson(server, '/api/v1/namespaces/default/pods?limit=1');
      server.setPodReady('default', NOT_READY_POD, true);
      server.compact();
      const token = (first.body.metadata as { continue: string }).continue;
      const res = await getJson(server, `/api/v1/namespaces/default/pods?limit=1&continue=${encodeURIComponent(token)}`);
      assert.equal(res.status, 410);
      assert.deepEqual(res.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: CONTINUE_EXPIRED_MESSAGE, reason: 'Expired', code: 410 });
    }));

  it('answers 400 for a continue token it never issued, as the real server does', () =>
    withServer({}, async (server) => {
      const res = await getJson(server, '/api/v1/namespaces/default/pods?limit=1&continue=bm90LWEtdG9rZW4');
      assert.equal(res.status, 400);
      assert.match(String(res.body.message), /^invalid continue token/);
    }));
});

describe('errors', () => {
  it('answers 404 NotFound with the real Status body', () =>
    withServer({}, async (server) => {
      const res = await getJson(server, '/api/v1/namespaces/default/pods/nope');
      assert.deepEqual(res.body, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound',
        details: { name: 'nope', kind: 'pods' }, code: 404,
      });
      const slice = await getJson(server, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/nope');
      assert.equal(slice.body.message, 'endpointslices.discovery.k8s.io "nope" not found');
    }));

  it('answers 403 Forbidden, worded like RBAC, for resources a test forbids, until allowed again', () =>
    withServer({}, async (server) => {
      server.forbid('pods', 'list');
      const res = await getJson(server, '/api/v1/namespaces/default/pods');
      assert.equal(res.status, 403);
      assert.equal(res.body.message,
        'pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods" in API group "" in the namespace "default"');
      assert.equal((await getJson(server, `/api/v1/namespaces/default/pods/${NOT_READY_POD}`)).status, 200, 'get is still allowed');
      server.forbid('endpointslices');
      const slices = await getJson(server, '/apis/discovery.k8s.io/v1/endpointslices');
      assert.equal(slices.body.message,
        'endpointslices.discovery.k8s.io is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "endpointslices" in API group "discovery.k8s.io" at the cluster scope');
      server.allow('pods');
      assert.equal((await getJson(server, '/api/v1/namespaces/default/pods')).status, 200);
    }));

  it('is read-only for clients: write verbs get 405 MethodNotAllowed', () =>
    withServer({}, async (server) => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await fetch(`${server.url}/api/v1/namespaces/default/pods/${NOT_READY_POD}`, { method, body: '{}' });
        assert.equal(res.status, 405, method);
        assert.equal(((await res.json()) as { reason: string }).reason, 'MethodNotAllowed');
      }
    }));

  it('requires the bearer token when one is set: 401 without it', () =>
    withServer({ token: 's3cret' }, async (server) => {
      assert.equal((await getJson(server, '/api/v1/pods')).status, 401);
      assert.equal((await getJson(server, '/api/v1/pods', { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await getJson(server, '/api/v1/pods', { authorization: 'Bearer s3cret' })).status, 200);
      assert.equal(server.requests.at(-1)?.authorization, 'Bearer s3cret');
    }));
});

describe('state changes through the control API', () => {
  it('bumps the global resourceVersion on every change and emits nothing for a no-op update', () =>
    withServer({}, async (server) => {
      const before = Number(server.resourceVersion);
      const pod = server.setPodReady('default', NOT_READY_POD, true);
      assert.equal(pod.metadata?.resourceVersion, String(before + 1));
      server.setPodReady('default', NOT_READY_POD, true);
      assert.equal(server.resourceVersion, String(before + 1), 'same content, no new resourceVersion');
      server.upsert({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'staging' } });
      assert.equal(server.resourceVersion, String(before + 3), 'the namespace is created first');
      assert.deepEqual(namesOf(itemsOf((await getJson(server, '/api/v1/namespaces')).body)), ['default', 'staging']);
    }));

  it('setPodReady flips containerStatuses[].ready and the Ready and ContainersReady conditions like the kubelet', () =>
    withServer({}, async (server) => {
      const ready = server.setPodReady('default', NOT_READY_POD, true) as { status: { conditions: Record<string, unknown>[]; containerStatuses: { ready: boolean }[] } };
      const readyCondition = ready.status.conditions.find((c) => c.type === 'Ready');
      assert.equal(readyCondition?.status, 'True');
      assert.equal(readyCondition?.reason, undefined);
      assert.equal(ready.status.containerStatuses[0]?.ready, true);
      const unready = server.setPodReady('default', READY_PODS[0] ?? '', false, { message: 'custom' }) as typeof ready;
      const condition = unready.status.conditions.find((c) => c.type === 'ContainersReady');
      assert.deepEqual([condition?.status, condition?.reason, condition?.message], ['False', 'ContainersNotReady', 'custom']);
      assert.notEqual(condition?.lastTransitionTime, '2025-06-01T10:00:21Z');
    }));

  it('refuses kinds it does not serve and reports snapshot kinds it skipped', () =>
    withServer({ objects: [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'web' } }] }, async (server) => {
      assert.deepEqual(server.skipped, ['Job']);
      assert.throws(() => server.upsert({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' } }), /does not serve kind CronJob/);
    }));
});

describe('endpoint propagation', () => {
  it('setPodReady with endpoints: true also flips the pod in the EndpointSlice and the Endpoints, in that order', () =>
    withServer({}, async (server) => {
      const rv = Number(server.resourceVersion);
      server.setPodReady('default', NOT_READY_POD, true, { endpoints: true });
      assert.equal(server.resourceVersion, String(rv + 3), 'pod, slice, endpoints');
      const slice = await getJson(server, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc12');
      const endpoint = (slice.body.endpoints as { targetRef: { name: string }; conditions: object }[]).find((e) => e.targetRef.name === NOT_READY_POD);
      assert.deepEqual(endpoint?.conditions, { ready: true, serving: true, terminating: false });
      const endpoints = await getJson(server, '/api/v1/namespaces/default/endpoints/web');
      const [subset] = endpoints.body.subsets as { addresses: { ip: string }[]; notReadyAddresses?: unknown[] }[];
      assert.deepEqual(subset?.addresses.map((a) => a.ip), ['10.244.1.12', '10.244.2.7', '10.244.1.13']);
      assert.equal(subset?.notReadyAddresses, undefined);
      server.setPodReady('default', READY_PODS[0] ?? '', false, { endpoints: true });
      const after = await getJson(server, '/api/v1/namespaces/default/endpoints/web');
      assert.equal((after.body.subsets as { notReadyAddresses: unknown[] }[])[0]?.notReadyAddresses.length, 1);
    }));

  it('setPodReady without the option changes only the pod', () =>
    withServer({}, async (server) => {
      const rv = Number(server.resourceVersion);
      server.setPodReady('default', NOT_READY_POD, true);
      assert.equal(server.resourceVersion, String(rv + 1));
    }));
});

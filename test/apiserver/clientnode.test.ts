import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiException, CoreV1Api, DiscoveryV1Api, KubeConfig, makeInformer, Watch, type V1Pod } from '@kubernetes/client-node';
import { NOT_READY_POD, READY_PODS, waitFor, withServer } from './harness.ts';
import type { ApiServer } from './server.ts';

const ALL_PODS = [...READY_PODS, NOT_READY_POD].sort();

function kubeConfigFor(server: ApiServer): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfigYaml({ namespace: 'default' }));
  return kc;
}

/** An informer over default/pods that records what it reports. */
function podInformer(server: ApiServer) {
  const kc = kubeConfigFor(server);
  const core = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
  const seen: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (pod: V1Pod) => seen.push(`add ${pod.metadata?.name}`));
  informer.on('update', (pod: V1Pod) => seen.push(`update ${pod.metadata?.name} ready=${pod.status?.containerStatuses?.[0]?.ready}`));
  informer.on('delete', (pod: V1Pod) => seen.push(`delete ${pod.metadata?.name}`));
  informer.on('error', (err: unknown) => errors.push(err));
  let stopped = false;
  return {
    informer, seen, errors,
    /** What client-node's own informer example does: start again shortly after an error. */
    restartOnError: () => informer.on('error', () => setTimeout(() => { if (!stopped) void informer.start(); }, 100)),
    stop: async () => {
      stopped = true;
      await informer.stop();
    },
  };
}

const podLists = (server: ApiServer): number =>
  server.requests.filter((r) => r.path === '/api/v1/namespaces/default/pods' && !r.watch).length;

describe('@kubernetes/client-node 2.0.1 against the test API server', { timeout: 600_000 }, () => {
  it('CoreV1Api.listNamespacedPod over HTTPS sends the bearer token and the label selector', () =>
    withServer({ https: true, token: 'node-token' }, async (server) => {
      const core = kubeConfigFor(server).makeApiClient(CoreV1Api);
      const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app in (web)' });
      assert.deepEqual(list.items.map((p) => p.metadata?.name), ALL_PODS);
      assert.equal(list.items.find((p) => p.metadata?.name === NOT_READY_POD)?.status?.containerStatuses?.[0]?.ready, false);
      assert.equal(list.metadata?.resourceVersion, server.resourceVersion);
      const request = server.requests.at(-1);
      assert.equal(request?.query.labelSelector, 'app in (web)');
      assert.equal(request?.authorization, 'Bearer node-token');
    }));

  it('loads the kubeconfig with the context name and default namespace asked for', () =>
    withServer({}, async (server) => {
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfigYaml({ context: 'kind-slices', namespace: 'shop' }));
      assert.equal(kc.getCurrentContext(), 'kind-slices');
      assert.equal(kc.getContextObject('kind-slices')?.namespace, 'shop');
      assert.equal(kc.getCurrentCluster()?.server, server.url);
      assert.equal(kc.getCurrentCluster()?.skipTLSVerify, true, 'plain HTTP needs insecure-skip-tls-verify for client-node');
    }));

  it('DiscoveryV1Api.listNamespacedEndpointSlice finds the Service\'s slice by kubernetes.io/service-name', () =>
    withServer({}, async (server) => {
      const discovery = kubeConfigFor(server).makeApiClient(DiscoveryV1Api);
      const slices = await discovery.listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=web' });
      const [slice] = slices.items;
      assert.equal(slice?.metadata?.name, 'web-abc12');
      assert.equal(slice?.addressType, 'IPv4');
      const notReady = slice?.endpoints?.find((e) => e.targetRef?.name === NOT_READY_POD);
      assert.deepEqual({ ...notReady?.conditions }, { ready: false, serving: false, terminating: false });
      assert.equal(notReady?.zone, 'europe-west1-b');
    }));

  it('a forbidden list rejects with an ApiException carrying code 403 and the RBAC message', () =>
    withServer({}, async (server) => {
      server.forbid('pods');
      const core = kubeConfigFor(server).makeApiClient(CoreV1Api);
      await assert.rejects(core.listNamespacedPod({ namespace: 'default' }), (err: unknown) => {
        assert.ok(err instanceof ApiException);
        assert.equal(err.code, 403);
        assert.match(String(err.body), /cannot list resource \\?"pods\\?" in API group \\?"\\?" in the namespace \\?"default\\?"/);
        return true;
      });
    }));

  it('Watch.watch receives MODIFIED events, and done(null) when the server ends the watch', () =>
    withServer({}, async (server) => {
      const events: string[] = [];
      let done: unknown = 'not called';
      const rv = server.resourceVersion;
      const controller = await new Watch(kubeConfigFor(server)).watch('/api/v1/namespaces/default/pods', { resourceVersion: rv },
        (type: string, obj: V1Pod) => events.push(`${type} ${obj.metadata?.name}`), (err: unknown) => { done = err; });
      try {
        server.setPodReady('default', NOT_READY_POD, true);
        await waitFor(() => events.length === 1, 5000, 'the MODIFIED event');
        assert.deepEqual(events, [`MODIFIED ${NOT_READY_POD}`]);
        server.dropWatches();
        await waitFor(() => done !== 'not called', 5000, 'done');
        assert.equal(done, null);
      } finally {
        controller.abort();
      }
    }));

  it('Watch.watch from a compacted resourceVersion gets an ERROR event with code 410, then done(null)', () =>
    withServer({}, async (server) => {
      const rv = server.resourceVersion;
      server.setPodReady('default', NOT_READY_POD, true);
      server.compact();
      const events: { type: string; code?: number }[] = [];
      let done: unknown = 'not called';
      await new Watch(kubeConfigFor(server)).watch('/api/v1/namespaces/default/pods', { resourceVersion: rv },
        (type: string, obj: { code?: number }) => events.push({ type, code: obj.code }), (err: unknown) => { done = err; });
      await waitFor(() => done !== 'not called', 5000, 'done');
      assert.deepEqual(events, [{ type: 'ERROR', code: 410 }]);
      assert.equal(done, null);
    }));

  it('makeInformer relists after its watch is dropped and the history it needs is compacted (410)', () =>
    withServer({}, async (server) => {
      const { informer, seen, errors, stop } = podInformer(server);
      await informer.start();
      try {
        await waitFor(() => seen.length === 3 && server.openWatches === 1, 5000, 'the initial list and the watch');
        // The watch ends; while it is down a pod changes and the history is compacted.
        server.dropWatches();
        server.setPodReady('default', NOT_READY_POD, true);
        server.compact();
        await waitFor(() => seen.includes(`update ${NOT_READY_POD} ready=true`), 8000, 'the update, learnt from a relist');
        assert.equal(podLists(server), 2, 'one list at start, one after the 410');
        const watches = server.requests.filter((r) => r.watch);
        assert.ok(watches.some((r) => r.status === 200 && Number(r.query.resourceVersion) < Number(server.resourceVersion)));
        assert.deepEqual(errors, []);
        assert.equal(informer.list().length, 3);
      } finally {
        await stop();
      }
    }));

  it('makeInformer stops with an error when restart() cuts its connection; restarting it on error resumes the watch', () =>
    withServer({}, async (server) => {
      const { informer, seen, errors, restartOnError, stop } = podInformer(server);
      await informer.start();
      try {
        await waitFor(() => seen.length === 3 && server.openWatches === 1, 5000, 'the initial list and the watch');
        // client-node 2.0.1 only retries by itself after a clean end or a 410; a cut connection is reported.
        restartOnError();
        await server.restart();
        server.setPodReady('default', NOT_READY_POD, true);
        await waitFor(() => seen.includes(`update ${NOT_READY_POD} ready=true`), 8000, 'the update after the restart');
        assert.equal(errors.length, 1);
        assert.match(String((errors[0] as Error).message), /terminated/);
        assert.equal(podLists(server), 1, 'resumed from its resourceVersion: the history survived the restart');
      } finally {
        await stop();
      }
    }));

  it('makeInformer relists after restart() when the history was compacted meanwhile', () =>
    withServer({}, async (server) => {
      const { informer, seen, restartOnError, stop } = podInformer(server);
      restartOnError();
      await informer.start();
      try {
        await waitFor(() => seen.length === 3 && server.openWatches === 1, 5000, 'the initial list and the watch');
        await server.restart({ downMs: 50 });
        server.remove('Pod', 'default', NOT_READY_POD);
        server.compact();
        await waitFor(() => seen.includes(`delete ${NOT_READY_POD}`), 8000, 'the delete, found by a relist');
        assert.equal(podLists(server), 2);
        assert.deepEqual(informer.list().map((p) => p.metadata?.name).sort(), READY_PODS);
      } finally {
        await stop();
      }
    }));

  it('an informer whose watch gets a 500 reports the error and stops (client-node 2.0.1 does not retry it)', () =>
    withServer({}, async (server) => {
      const { informer, seen, errors, stop } = podInformer(server);
      server.fault({ path: /watch=true/, kind: 'status500', times: 1 });
      await informer.start();
      try {
        await waitFor(() => errors.length === 1, 5000, 'the error');
        assert.equal(seen.length, 3, 'the list succeeded');
        assert.equal((errors[0] as { statusCode?: number }).statusCode, 500);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(server.requests.filter((r) => r.watch).length, 1, 'no second watch');
      } finally {
        await stop();
      }
    }));
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { NOT_READY_POD, READY_PODS, waitFor, withServer } from './harness.ts';
import { Kubectl } from './kubectl.ts';
import type { ApiServer, ApiServerOptions } from './server.ts';

const ALL_PODS = [...READY_PODS, NOT_READY_POD].sort();

/** A server plus a kubectl bound to it; both cleaned up afterwards. */
function withKubectl(options: ApiServerOptions, fn: (server: ApiServer, kubectl: Kubectl) => Promise<void>): Promise<void> {
  return withServer(options, async (server) => {
    const kubectl = new Kubectl(server);
    try {
      await fn(server, kubectl);
    } finally {
      kubectl.cleanup();
    }
  });
}

function listItems(stdout: string): KubeObject[] {
  const list = JSON.parse(stdout) as { kind: string; items: KubeObject[] };
  assert.equal(list.kind, 'List');
  return list.items;
}

const resourceRequests = (server: ApiServer, resource: string): ApiServer['requests'] =>
  server.requests.filter((r) => r.path.endsWith(`/${resource}`));

describe('kubectl against the test API server', { timeout: 600_000 }, () => {
  it('kubectl get svc,endpointslices,endpoints,pods -o json over HTTPS with a bearer token returns the seeded objects', () =>
    withKubectl({ https: true, token: 'kubectl-token' }, async (server, kubectl) => {
      const { code, stdout, stderr } = await kubectl.run(['get', 'svc,endpointslices,endpoints,pods', '-n', 'default', '-o', 'json']);
      assert.equal(code, 0, stderr);
      const items = listItems(stdout);
      assert.deepEqual(items.map((i) => `${i.kind}/${i.metadata?.name}`), [
        'Service/web', 'EndpointSlice/web-abc12', 'Endpoints/web', ...ALL_PODS.map((p) => `Pod/${p}`),
      ]);
      assert.equal(items[1]?.apiVersion, 'discovery.k8s.io/v1');
      assert.ok(server.https, 'openssl is available here, so the server really speaks TLS');
      assert.ok(server.requests.every((r) => r.authorization === 'Bearer kubectl-token'));
      assert.deepEqual(server.requests.filter((r) => r.path.startsWith('/openapi')), [], 'kubectl get needs no OpenAPI');
      assert.ok(server.requests.some((r) => r.path === '/apis' && /as=APIGroupDiscoveryList/.test(r.accept ?? '')),
        'kubectl asked for aggregated discovery and accepted the legacy answer');
    }));

  it('kubectl get pods -l sends the label selector to the server, set-based too', () =>
    withKubectl({}, async (server, kubectl) => {
      server.upsert({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', namespace: 'default', labels: { app: 'db' } } });
      const web = await kubectl.run(['get', 'pods', '-l', 'app=web', '-o', 'json']);
      assert.deepEqual(listItems(web.stdout).map((i) => i.metadata?.name), ALL_PODS);
      const notWeb = await kubectl.run(['get', 'pods', '-l', 'app notin (web),!missing', '-o', 'json']);
      assert.deepEqual(listItems(notWeb.stdout).map((i) => i.metadata?.name), ['db-0']);
      assert.deepEqual(resourceRequests(server, 'pods').map((r) => r.query.labelSelector), ['app=web', 'app notin (web),!missing']);
    }));

  it('kubectl get pods --chunk-size=2 pages with limit and continue', () =>
    withKubectl({}, async (server, kubectl) => {
      const { code, stdout, stderr } = await kubectl.run(['get', 'pods', '--chunk-size=2', '-o', 'json']);
      assert.equal(code, 0, stderr);
      assert.deepEqual(listItems(stdout).map((i) => i.metadata?.name), ALL_PODS);
      const pages = resourceRequests(server, 'pods');
      assert.equal(pages.length, 2);
      assert.equal(pages[0]?.query.limit, '2');
      assert.equal(pages[0]?.query.continue, undefined);
      assert.ok(pages[1]?.query.continue, 'the second request carries the continue token');
    }));

  it('kubectl get events --field-selector finds the kubelet readiness probe warning', () =>
    withKubectl({}, async (server, kubectl) => {
      const { stdout } = await kubectl.run(['get', 'events', '--field-selector', `involvedObject.name=${NOT_READY_POD}`, '-o', 'json']);
      const [event] = listItems(stdout);
      assert.equal(event?.reason, 'Unhealthy');
      assert.equal(resourceRequests(server, 'events')[0]?.query.fieldSelector, `involvedObject.name=${NOT_READY_POD}`);
    }));

  it('plain kubectl get pods prints the server-side Table columns', () =>
    withKubectl({}, async (server, kubectl) => {
      const { code, stdout } = await kubectl.run(['get', 'pods', '-o', 'wide']);
      assert.equal(code, 0);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
      assert.match(lines.find((l) => l.startsWith(NOT_READY_POD)) ?? '', /^\S+\s+0\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.13\s+node-a\s+<none>\s+<none>$/);
      assert.match(resourceRequests(server, 'pods')[0]?.accept ?? '', /^application\/json;as=Table;v=v1;g=meta\.k8s\.io/);
      const svc = await kubectl.run(['get', 'svc', '-o', 'wide']);
      assert.match(svc.stdout, /^web\s+ClusterIP\s+10\.96\.120\.15\s+<none>\s+80\/TCP\s+\S+\s+app=web$/m);
    }));

  it('without server-side printing kubectl falls back to NAME and AGE columns', () =>
    withKubectl({ tables: false }, async (_server, kubectl) => {
      const { code, stdout } = await kubectl.run(['get', 'pods']);
      assert.equal(code, 0);
      assert.match(stdout, /^NAME\s+AGE\n/);
      assert.match(stdout, new RegExp(`^${NOT_READY_POD}\\s+\\S+$`, 'm'));
    }));

  it('kubectl get pods -w -o json receives MODIFIED after setPodReady, and exits 0 when the server ends the watch', () =>
    withKubectl({}, async (server, kubectl) => {
      const listedAt = server.resourceVersion;
      const watch = kubectl.start(['get', 'pods', '-w', '-o', 'json', '--output-watch-events']);
      try {
        await waitFor(() => server.openWatches === 1, 10_000, 'kubectl to open its watch');
        server.setPodReady('default', NOT_READY_POD, true);
        await waitFor(() => /"type":\s*"MODIFIED"/.test(watch.output()), 10_000, 'the MODIFIED event in kubectl output');
        const modified = watch.output().slice(watch.output().search(/"type":\s*"MODIFIED"/));
        assert.match(modified, new RegExp(`"name":\\s*"${NOT_READY_POD}"`));
        const watchRequest = resourceRequests(server, 'pods').find((r) => r.watch);
        assert.equal(watchRequest?.query.resourceVersion, listedAt, 'kubectl watches from the resourceVersion of its list');
        server.dropWatches();
        assert.equal(await watch.exited, 0);
      } finally {
        watch.stop();
      }
    }));

  it('kubectl get pods -w (table) prints the changed row without repeating the header', () =>
    withKubectl({}, async (server, kubectl) => {
      const watch = kubectl.start(['get', 'pods', '-w']);
      try {
        await waitFor(() => server.openWatches === 1, 10_000, 'kubectl to open its watch');
        server.setPodReady('default', NOT_READY_POD, true);
        const changed = new RegExp(`^${NOT_READY_POD}\\s+1/1\\s+Running`, 'm');
        await waitFor(() => changed.test(watch.output()), 10_000, 'the changed row');
        assert.equal(watch.output().match(/^NAME/gm)?.length, 1);
      } finally {
        watch.stop();
      }
    }));

  it('kubectl reports 403 and 404 Status messages as a real cluster would make it', () =>
    withKubectl({}, async (server, kubectl) => {
      server.forbid('pods', 'list');
      const forbidden = await kubectl.run(['get', 'pods']);
      assert.equal(forbidden.code, 1);
      assert.match(forbidden.stderr,
        /Error from server \(Forbidden\): pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods" in API group "" in the namespace "default"/);
      const missing = await kubectl.run(['get', 'pod', 'nope']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Error from server \(NotFound\): pods "nope" not found/);
    }));

  it('kubectl get endpointslices,endpoints,nodes,events prints each resource\'s real columns', () =>
    withKubectl({}, async (_server, kubectl) => {
      const { code, stdout } = await kubectl.run(['get', 'endpointslices,endpoints,nodes,events']);
      assert.equal(code, 0);
      assert.match(stdout, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/m);
      assert.match(stdout, /^endpointslice\.discovery\.k8s\.io\/web-abc12\s+IPv4\s+8080\s+10\.244\.1\.12,10\.244\.2\.7,10\.244\.1\.13\s+\S+$/m);
      assert.match(stdout, /^endpoints\/web\s+10\.244\.1\.12:8080,10\.244\.2\.7:8080\s+\S+$/m);
      assert.match(stdout, /^node\/node-a\s+Ready\s+<none>\s+\S+\s+v1\.32\.4$/m);
      assert.match(stdout, new RegExp(`^\\S+\\s+Warning\\s+Unhealthy\\s+pod/${NOT_READY_POD}\\s+Readiness probe failed: cat: can't open '/tmp/healthy'`, 'm'));
    }));

  it('a stalled list makes kubectl give up after --request-timeout', () =>
    withKubectl({}, async (server, kubectl) => {
      server.fault({ path: /\/pods$/, kind: 'stall' });
      const { code, stderr } = await kubectl.run(['get', 'pods', '--request-timeout=1s']);
      assert.equal(code, 1);
      assert.match(stderr, /Timeout|deadline exceeded|timed out/i);
    }));
});

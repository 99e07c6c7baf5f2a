/**
 * The real kubectl (v1.32) accepts what the test API server serves for the routes in front of
 * Services: networking.k8s.io/v1 Ingresses (short name `ing`) and IngressClasses, and the Gateway
 * API's HTTPRoute and GRPCRoute (v1) and ReferenceGrant (v1beta1, `refgrant`), found through
 * discovery, listed, and printed with their columns. Objects: seed 004's Ingresses and the
 * gateway-api traffic-splitting examples (test/routes/fixtures/README.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { loadObjects } from '../routes/load.ts';
import { getJson, withServer } from './harness.ts';
import { Kubectl } from './kubectl.ts';

async function fixtures(): Promise<KubeObject[]> {
  const load = (name: string) => loadObjects(new URL(`../routes/fixtures/${name}`, import.meta.url));
  return [...(await load('seed004-ingress.yaml')), ...(await load('splits.yaml'))];
}

describe('kubectl against the test API server: Ingresses and Gateway API routes', { timeout: 600_000 }, () => {
  it('kubectl get ing, ingressclass, httproutes, grpcroutes and refgrant, as JSON and as tables', async () => {
    await withServer({ snapshotFile: fileURLToPath(new URL('./fixtures/web.yaml', import.meta.url)), objects: await fixtures() }, async (server) => {
      const kubectl = new Kubectl(server);
      try {
        const json = await kubectl.run(['get', 'ing,ingressclass,httproutes,grpcroutes,refgrant', '-A', '-o', 'json']);
        assert.equal(json.code, 0, json.stderr);
        const items = (JSON.parse(json.stdout) as { items: KubeObject[] }).items;
        assert.deepEqual(items.map((i) => `${i.apiVersion} ${i.kind}/${i.metadata?.name}`), [
          'networking.k8s.io/v1 Ingress/traffic-split',
          'networking.k8s.io/v1 Ingress/ingress-2048',
          'networking.k8s.io/v1 IngressClass/alb',
          'gateway.networking.k8s.io/v1 HTTPRoute/simple-split',
          'gateway.networking.k8s.io/v1 GRPCRoute/foo-route',
          'gateway.networking.k8s.io/v1beta1 ReferenceGrant/allow-prod-traffic',
        ]);
        const table = await kubectl.run(['get', 'ingress', '-n', 'game-2048']);
        assert.match(table.stdout, /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\ningress-2048\s+alb\s+\*\s+80\s+\S+\n$/);
        const routes = await kubectl.run(['get', 'grpcroutes']);
        assert.match(routes.stdout, /^NAME\s+HOSTNAMES\s+AGE\nfoo-route\s+\["foo\.example\.com"\]\s+\S+\n$/);
      } finally {
        kubectl.cleanup();
      }
    });
  });
});

describe('discovery of the route kinds', () => {
  it('serves Gateway API routes as v1 and ReferenceGrant as v1beta1 (gateway-api v1.3.0 standard CRDs); v1 is preferred', () =>
    withServer({}, async (server) => {
      const group = (await getJson(server, '/apis/gateway.networking.k8s.io')).body as { versions: { version: string }[]; preferredVersion: { version: string } };
      assert.deepEqual([group.versions.map((v) => v.version), group.preferredVersion.version], [['v1', 'v1beta1'], 'v1']);
      const names = async (version: string) => ((await getJson(server, `/apis/gateway.networking.k8s.io/${version}`)).body.resources as { name: string; shortNames?: string[] }[]).map((r) => `${r.name}${r.shortNames ? ` ${r.shortNames.join(',')}` : ''}`);
      assert.deepEqual([await names('v1'), await names('v1beta1')], [['httproutes', 'grpcroutes'], ['referencegrants refgrant']]);
      const networking = (await getJson(server, '/apis/networking.k8s.io/v1')).body.resources as { name: string; shortNames?: string[]; namespaced: boolean }[];
      assert.deepEqual(networking.map((r) => [r.name, r.shortNames ?? [], r.namespaced]), [['ingresses', ['ing'], true], ['ingressclasses', [], false]]);
    }));
});

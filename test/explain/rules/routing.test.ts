/**
 * explain/routing.ts: which endpoints kube-proxy load-balances over, read the way
 * pkg/proxy/endpointslicecache.go and pkg/proxy/topology.go (CategorizeEndpoints,
 * topologyModeFromHints) read them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointCategory, localRouting, portRouting, topologyRouting, usesLocalEndpoints, type EndpointCategory } from '../../../src/explain/routing.ts';
import type { EndpointSlice, EndpointSliceEndpoint, Service } from '../../../src/kubernetes/objects.ts';
import { portIn, service, slice, viewOf } from '../builders.ts';

const at = (ip: string, conditions?: EndpointSliceEndpoint['conditions'], extra: Partial<EndpointSliceEndpoint> = {}): EndpointSliceEndpoint => ({ addresses: [ip], ...(conditions ? { conditions } : {}), ...extra });
const READY = { ready: true, serving: true, terminating: false };
const LEAVING = { ready: false, serving: true, terminating: true };
const DOWN = { ready: false, serving: false, terminating: false };
const port = portIn(viewOf({ service: service() }));

describe('endpointCategory: CategorizeEndpoints, with nil conditions read as endpointslicecache.go does', () => {
  const cases: { name: string; conditions: EndpointSliceEndpoint['conditions']; category: EndpointCategory }[] = [
    { name: 'no conditions at all: ready (Ready==nil)', conditions: undefined, category: 'ready' },
    { name: 'ready and terminating (publishNotReadyAddresses): ready', conditions: { ready: true, terminating: true }, category: 'ready' },
    { name: 'serving and terminating: the fallback', conditions: LEAVING, category: 'servingTerminating' },
    { name: 'ready=false terminating=true, serving nil: serving, so the fallback', conditions: { ready: false, terminating: true }, category: 'servingTerminating' },
    { name: 'terminating, no longer serving', conditions: { ready: false, serving: false, terminating: true }, category: 'terminating' },
    { name: 'ready=false alone (a mirrored notReadyAddress): never routed', conditions: { ready: false }, category: 'notReady' },
    { name: 'not ready, not terminating', conditions: DOWN, category: 'notReady' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(endpointCategory(at('10.0.0.1', c.conditions)), c.category));
});

describe('portRouting: ready endpoints, else the serving-terminating fallback, per family', () => {
  const v6 = (s: EndpointSlice): EndpointSlice => ({ ...s, addressType: 'IPv6' });
  const cases: { name: string; slices: EndpointSlice[]; routing: Record<string, { mode: string; addresses: string[]; readyCount: number }> }[] = [
    { name: 'ready endpoints are routed; the rest are not', slices: [slice('web-x', [at('10.0.0.1', READY), at('10.0.0.2', LEAVING), at('10.0.0.3', DOWN)])], routing: { IPv4: { mode: 'ready', addresses: ['10.0.0.1'], readyCount: 1 } } },
    { name: 'no ready endpoint: the serving-terminating ones', slices: [slice('web-x', [at('10.0.0.2', LEAVING), at('10.0.0.3', DOWN)])], routing: { IPv4: { mode: 'fallback', addresses: ['10.0.0.2'], readyCount: 0 } } },
    { name: 'nothing usable: none', slices: [slice('web-x', [at('10.0.0.3', DOWN)])], routing: { IPv4: { mode: 'none', addresses: [], readyCount: 0 } } },
    { name: 'only the first address of an endpoint (addEndpoints: Addresses[0])', slices: [slice('web-x', [{ addresses: ['10.0.0.1', '10.0.0.9'] }])], routing: { IPv4: { mode: 'ready', addresses: ['10.0.0.1'], readyCount: 1 } } },
    { name: 'a slice without the port is not read for it', slices: [slice('web-x', [at('10.0.0.1')], 'web', [{ name: 'metrics', port: 9090, protocol: 'TCP' }])], routing: {} },
    { name: 'FQDN slices are ignored', slices: [{ ...slice('web-x', [at('db.example.com')]), addressType: 'FQDN' }], routing: {} },
    {
      name: 'each family on its own: a ready IPv6 endpoint does not stop the IPv4 fallback',
      slices: [slice('web-4', [at('10.0.0.2', LEAVING)]), v6(slice('web-6', [at('fd00::1', READY)]))],
      routing: { IPv4: { mode: 'fallback', addresses: ['10.0.0.2'], readyCount: 0 }, IPv6: { mode: 'ready', addresses: ['fd00::1'], readyCount: 1 } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const actual = Object.fromEntries([...portRouting(c.slices, port)].map(([family, r]) => [family, { mode: r.mode, addresses: [...r.addresses], readyCount: r.readyCount }]));
      assert.deepEqual(actual, c.routing);
    });
  }
});

describe("localRouting: a node's Local-policy chain falls back on its own", () => {
  const cases: { name: string; endpoints: EndpointSliceEndpoint[]; node: string; local: string[] }[] = [
    { name: 'the ready endpoints on that node', endpoints: [at('10.0.0.1', READY, { nodeName: 'a' }), at('10.0.0.2', READY, { nodeName: 'b' })], node: 'a', local: ['10.0.0.1'] },
    { name: "no ready one there: that node's serving-terminating ones, whatever is ready elsewhere", endpoints: [at('10.0.0.1', LEAVING, { nodeName: 'a' }), at('10.0.0.2', READY, { nodeName: 'b' })], node: 'a', local: ['10.0.0.1'] },
    { name: 'none on that node: empty', endpoints: [at('10.0.0.2', READY, { nodeName: 'b' })], node: 'a', local: [] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual([...(localRouting([slice('web-x', c.endpoints)], port, c.node).get('IPv4') ?? [])], c.local));
});

describe('usesLocalEndpoints: internalTrafficPolicy Local, or externalTrafficPolicy Local where it applies', () => {
  const cases: { name: string; spec: Partial<NonNullable<Service['spec']>>; local: boolean }[] = [
    { name: 'Cluster policies: no', spec: {}, local: false },
    { name: 'internalTrafficPolicy Local: yes', spec: { internalTrafficPolicy: 'Local' }, local: true },
    { name: 'externalTrafficPolicy Local on a LoadBalancer: yes', spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, local: true },
    { name: 'externalTrafficPolicy Local on a ClusterIP Service: ignored (ExternalPolicyLocal)', spec: { externalTrafficPolicy: 'Local' }, local: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(usesLocalEndpoints(service('web', c.spec)), c.local));
});

describe('topologyRouting: hints narrow the ready set only when every ready endpoint has them', () => {
  const zoned = (ip: string, zone: string) => at(ip, READY, { zone, hints: { forZones: [{ name: zone }] } });
  const cases: { name: string; endpoints: EndpointSliceEndpoint[]; node: string; zone: string | null; kept: string[] | 'unknown' | null }[] = [
    { name: 'every endpoint zone-hinted: those for the node\'s zone', endpoints: [zoned('10.0.0.1', 'z1'), zoned('10.0.0.2', 'z2')], node: 'a', zone: 'z1', kept: ['10.0.0.1'] },
    { name: 'one endpoint without hints: no hint mode', endpoints: [zoned('10.0.0.1', 'z1'), at('10.0.0.2', READY)], node: 'a', zone: 'z1', kept: null },
    { name: 'zone hints but the node\'s zone is not known: unknown', endpoints: [zoned('10.0.0.1', 'z1')], node: 'a', zone: null, kept: 'unknown' },
    { name: 'no endpoint hinted for the node\'s zone: no narrowing', endpoints: [zoned('10.0.0.1', 'z1')], node: 'a', zone: 'z3', kept: null },
    {
      name: 'node hints first (PreferSameNode)',
      endpoints: [at('10.0.0.1', READY, { hints: { forNodes: [{ name: 'a' }] } }), at('10.0.0.2', READY, { hints: { forNodes: [{ name: 'b' }] } })],
      node: 'a',
      zone: null,
      kept: ['10.0.0.1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const kept = topologyRouting([slice('web-x', c.endpoints)], port, 'IPv4', c.node, c.zone);
      assert.deepEqual(kept instanceof Set ? [...kept] : kept, c.kept);
    });
  }
});

/**
 * explain/findings/topology.ts: which endpoints topology hints keep each node's cluster traffic
 * on (pkg/proxy/topology.go topologyModeFromHints), what a given node dump therefore sends
 * nothing to, and the endpoint without a hint that switches them off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topologyFindings } from '../../../../src/explain/findings/topology.ts';
import type { EndpointSliceEndpoint, NodeObject, Pod, Service } from '../../../../src/kubernetes/objects.ts';
import type { NodeRules } from '../../../../src/dataplane/types.ts';
import { endpointFor, findingInput, nodeRules, pod, service, shares, slice } from '../../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'node-a' });
const b = pod('web-1-bbbbb', { ip: '10.244.2.3', node: 'node-b' });
const c = pod('web-1-ccccc', { ip: '10.244.3.4', node: 'node-c' });
const zoneOf: Record<string, string> = { 'node-a': 'zone-a', 'node-b': 'zone-b', 'node-c': 'zone-b' };
const zoned = (p: Pod): EndpointSliceEndpoint => ({ ...endpointFor(p), zone: zoneOf[p.spec?.nodeName ?? ''] ?? '', hints: { forZones: [{ name: zoneOf[p.spec?.nodeName ?? ''] ?? '' }] } });
const noded = (p: Pod): EndpointSliceEndpoint => ({ ...zoned(p), hints: { forZones: [{ name: zoneOf[p.spec?.nodeName ?? ''] ?? '' }], forNodes: [{ name: p.spec?.nodeName ?? '' }] } });
const node = (name: string): NodeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': zoneOf[name] ?? '' } } });
const findings = (svc: Service, endpoints: EndpointSliceEndpoint[], dumps: NodeRules[] = [], nodes: NodeObject[] = []) =>
  topologyFindings(findingInput({ service: svc, pods: [a, b, c], nodes, endpointSlices: [slice('web-x', endpoints)] }, dumps)).map((f) => `${f.severity} ${f.code}: ${f.message}`);

const preferClose = service('web', { trafficDistribution: 'PreferClose' });
const zoneRule = 'every ready endpoint carries a zone hint, so a node sends cluster traffic only to the endpoints hinted for its zone, as long as one is; a node whose zone none is hinted for uses them all. By zone: zone-a: aaaaa; zone-b: bbbbb, ccccc';

const cases: { name: string; run: () => string[]; findings: string[] }[] = [
  { name: 'no hints, nothing asked: nothing', run: () => findings(service(), [a, b, c].map((p) => endpointFor(p))), findings: [] },
  { name: 'zone hints under PreferClose (a deprecated alias of PreferSameZone, KEP-3015): who is kept where', run: () => findings(preferClose, [a, b, c].map(zoned)), findings: [`info TopologyHints: trafficDistribution PreferClose (a deprecated alias of PreferSameZone): ${zoneRule}`] },
  {
    name: 'a node dump in zone-a: the zone-b pods get nothing from it, by design',
    run: () => findings(preferClose, [a, b, c].map(zoned), [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }])], [node('node-a')]),
    findings: [`info TopologyHints: trafficDistribution PreferClose (a deprecated alias of PreferSameZone): ${zoneRule}. node-a (zone zone-a) sends nothing to bbbbb, ccccc`],
  },
  {
    name: 'a node dump whose zone is not in the input: which endpoints it uses is unknown',
    run: () => findings(preferClose, [a, b, c].map(zoned), [nodeRules('node-z', [{ endpoints: shares(['10.244.1.2']) }])]),
    findings: [`info TopologyHints: trafficDistribution PreferClose (a deprecated alias of PreferSameZone): ${zoneRule}. node-z: its zone is not in the input, so which endpoints it uses is unknown`],
  },
  {
    name: 'one endpoint without a zone hint switches the hints off everywhere',
    run: () => findings(service('web', { trafficDistribution: 'PreferSameZone' }), [zoned(a), zoned(b), endpointFor(c)]),
    findings: ['info TopologyHints: trafficDistribution PreferSameZone, but 1 of 3 ready endpoints carry no zone hint (ccccc): kube-proxy then ignores the hints and spreads traffic over every endpoint'],
  },
  {
    name: 'asked for, but no endpoint has a hint (topology-mode Auto with too few endpoints per zone)',
    run: () => findings(service('web', {}), [a, b, c].map((p) => endpointFor(p))).concat(findings({ ...service(), metadata: { ...service().metadata, annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } } }, [a, b, c].map((p) => endpointFor(p)))),
    findings: ['info TopologyHints: annotation service.kubernetes.io/topology-mode=Auto, but no ready endpoint carries a topology hint: kube-proxy spreads traffic over every endpoint'],
  },
  {
    name: 'PreferSameNode: node hints (with zone hints for older proxies); a node with its own endpoint keeps traffic there',
    run: () => findings(service('web', { trafficDistribution: 'PreferSameNode' }), [a, b, c].map(noded), [nodeRules('node-b', [{ endpoints: shares(['10.244.2.3']) }])], [node('node-b')]),
    findings: [
      'info TopologyHints: trafficDistribution PreferSameNode: every ready endpoint carries a node hint, so a node named by a node hint sends cluster traffic only to the endpoints hinted for it (kube-proxy 1.34+, or 1.33 with the PreferSameTrafficDistribution gate); other nodes fall back to zone hints, if every endpoint has one. By node: node-a: aaaaa; node-b: bbbbb; node-c: ccccc. node-b (zone zone-b) sends nothing to aaaaa, ccccc',
    ],
  },
  { name: 'internalTrafficPolicy Local decides instead: nothing', run: () => findings(service('web', { trafficDistribution: 'PreferClose', internalTrafficPolicy: 'Local' }), [a, b, c].map(zoned)), findings: [] },
];

describe('topology hints', () => {
  for (const t of cases) it(t.name, () => assert.deepEqual(t.run(), t.findings));
});

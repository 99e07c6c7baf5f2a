/**
 * The explain core end to end: stories that take more than one rule (each rule file has its own
 * table under test/explain/rules/). A failure here and none there means the rules disagree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../src/explain/explain.ts';
import type { Explanation, PodReport } from '../../src/explain/types.ts';
import { endpointFor, endpointsFor, nodeRules, pod, probeFailure, service, shares, slice, snapshot } from './builders.ts';

const byName = (e: Explanation, name: string): PodReport => {
  const found = e.pods.find((p) => p.name === name);
  assert.ok(found, `pod ${name} in the explanation`);
  return found;
};
const codes = (p: PodReport) => p.reasons.map((r) => r.code);
const findingCodes = (e: Explanation) => e.findings.map((f) => f.code);

describe('explain: the readiness drill', () => {
  const healthy = [pod('web-5d4f-qftwz', { ip: '10.244.0.6' }), pod('web-5d4f-mbcjg', { ip: '10.244.0.7' })];
  const failing = pod('web-5d4f-jl97z', { ip: '10.244.0.8', ready: false });
  const pods = [...healthy, failing];
  const input = snapshot({
    service: service(),
    pods,
    endpointSlices: [slice('web-wscv5', pods.map((p) => endpointFor(p)))],
    endpoints: endpointsFor(pods),
    events: [probeFailure(failing, "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory", 12)],
  });
  const dump = nodeRules('minikube', [{ endpoints: shares(['10.244.0.6', '10.244.0.7']) }]);
  const result = explain(input, [dump]);

  it('pod whose readiness probe fails is listed not-ready in its slice and has no KUBE-SEP rule', () => {
    const p = byName(result, 'web-5d4f-jl97z');
    assert.equal(p.verdict, 'none');
    assert.equal(p.receivesTraffic, false);
    assert.deepEqual(codes(p), ['ReadinessProbeFailing', 'PodNotReady', 'EndpointNotReady', 'EndpointsNotReady', 'NoDataplaneRule']);
    assert.match(p.reasons[0]?.message ?? '', /^readiness probe "cat \/tmp\/healthy" failing \(12x: "cat: can't open '\/tmp\/healthy': No such file or directory"\)$/);
    assert.equal(p.reasons[4]?.message, 'no KUBE-SEP rule on minikube');
    assert.deepEqual(p.endpoint && { ready: p.endpoint.ready, serving: p.endpoint.serving, terminating: p.endpoint.terminating }, { ready: false, serving: false, terminating: false });
    assert.equal(p.endpoints, 'notReady');
    assert.deepEqual(p.dataplane, [{ node: 'minikube', dataplane: 'iptables', family: 'IPv4', servicePort: '80', rule: 'absent', share: null, localShare: null }]);
  });

  it('ready pods receive half of the new connections each', () => {
    for (const name of ['web-5d4f-qftwz', 'web-5d4f-mbcjg']) {
      const p = byName(result, name);
      assert.equal(p.verdict, 'receives');
      assert.equal(p.dataplane[0]?.share, 0.5);
      assert.deepEqual(p.reasons, []);
    }
    assert.deepEqual(result.summary, {
      pods: 3,
      receiving: 2,
      notReceiving: 1,
      unknown: 0,
      unknownBecause: [],
      partial: 0,
      stale: 0,
      staleRules: [],
      fallback: 0,
      receivingNotReady: [],
      sliceEndpoints: { ready: 2, total: 3 },
      endpoints: { ready: 2, listed: 3 },
    });
  });
});

describe('explain: EndpointSlice controller semantics', () => {
  it('a pod that lacks the named targetPort lands in a slice without ports and gets nothing on that port (reconciler.go groups by resolved ports)', () => {
    const svc = service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const withPort = pod('web-1-aaaaa', { portName: 'http' });
    const without = pod('web-1-bbbbb');
    const slices = [slice('web-x', [endpointFor(withPort)], 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }]), { ...slice('web-y', [endpointFor(without)]), ports: null }];
    const endpoints = endpointsFor([withPort]);
    endpoints.subsets = [{ addresses: endpoints.subsets?.[0]?.addresses ?? [], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }];
    const result = explain(snapshot({ service: svc, pods: [withPort, without], endpointSlices: slices, endpoints }));
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'receives');
    const p = byName(result, 'web-1-bbbbb');
    assert.equal(p.verdict, 'none');
    assert.deepEqual(codes(p), ['NamedPortMissing']);
    assert.equal(p.ports[0]?.targetPort, null);
    assert.ok(!findingCodes(result).includes('EndpointsMismatch'), 'both controllers agree: no mismatch');
  });

  it('with publishNotReadyAddresses a not-ready pod is ready in its slice and gets traffic', () => {
    const svc = service('web', { publishNotReadyAddresses: true, clusterIP: 'None' });
    const p = pod('web-0', { ready: false });
    const result = explain(snapshot({ service: svc, pods: [p], endpointSlices: [slice('web-x', [endpointFor(p, true)])] }));
    const report = byName(result, 'web-0');
    assert.equal(report.verdict, 'receives');
    assert.ok(codes(report).includes('PublishNotReadyAddresses'));
    assert.ok(findingCodes(result).includes('Headless'));
    assert.ok(findingCodes(result).includes('PublishNotReadyAddresses'));
  });

  it('a terminating pod gets no traffic while ready endpoints exist', () => {
    const ready = pod('web-1-aaaaa');
    const leaving = pod('web-1-bbbbb', { deleting: true });
    const result = explain(snapshot({ service: service(), pods: [ready, leaving], endpointSlices: [slice('web-x', [endpointFor(ready), endpointFor(leaving)])] }));
    const report = byName(result, 'web-1-bbbbb');
    assert.equal(report.verdict, 'none');
    assert.deepEqual(codes(report).slice(0, 2), ['Terminating', 'EndpointServingTerminating']);
  });

  it('serving terminating endpoints get traffic only as a fallback when none is ready (CategorizeEndpoints)', () => {
    const leaving = [pod('web-1-aaaaa', { deleting: true }), pod('web-1-bbbbb', { deleting: true })];
    const result = explain(snapshot({ service: service(), pods: leaving, endpointSlices: [slice('web-x', leaving.map((p) => endpointFor(p)))] }));
    for (const p of result.pods) {
      assert.equal(p.verdict, 'fallback');
      assert.equal(p.receivesTraffic, true);
    }
    assert.ok(findingCodes(result).includes('ServingTerminatingFallback'));
  });
});

describe('explain: pod readiness', () => {
  it('a pod without a readiness probe is Ready once running, and that is worth a note, not a link of any chain', () => {
    const p = pod('web-1-aaaaa', { probe: false });
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])] }));
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'receives');
    assert.deepEqual(byName(result, 'web-1-aaaaa').reasons.map((r) => [r.code, r.link]), [['NoReadinessProbe', false]]);
    assert.ok(findingCodes(result).includes('NoReadinessProbe'));
  });
});

describe('explain: data plane', () => {
  const a = pod('web-1-aaaaa', { ip: '10.244.1.2' });
  const b = pod('web-1-bbbbb', { ip: '10.244.1.3' });
  const input = snapshot({ service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] });

  it('a ready pod missing from one node of two is partial, and a gone IP in the rules is stale', () => {
    const result = explain(input, [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.3', '10.244.1.9']) }]), nodeRules('node-b', [{ endpoints: shares(['10.244.1.2']) }])]);
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'receives');
    const partial = byName(result, 'web-1-bbbbb');
    assert.equal(partial.verdict, 'partial');
    assert.deepEqual(codes(partial), ['NoDataplaneRule']);
    assert.equal(result.endpointsWithoutPods[0]?.address, '10.244.1.9');
    assert.deepEqual(result.endpointsWithoutPods[0]?.reasons.map((r) => r.code), ['StaleDataplaneRule']);
    assert.ok(findingCodes(result).includes('DataplaneDrift'));
  });

  it('a filtered dump that does not show the service leaves the rule unknown, not absent', () => {
    const result = explain(input, [nodeRules('node-a', [], 'filtered')]);
    assert.equal(byName(result, 'web-1-aaaaa').dataplane[0]?.rule, 'unknown');
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'receives');
  });
});

describe('explain: what was not captured', () => {
  it('without Pods in the input, rows come from endpoint targetRefs and readiness is unknown', () => {
    const a = pod('web-1-aaaaa');
    const result = explain(snapshot({ service: service(), endpointSlices: [slice('web-x', [endpointFor(a)])], unknown: [{ kind: 'Pod', why: 'not in the input files' }] }));
    const report = byName(result, 'web-1-aaaaa');
    assert.equal(report.verdict, 'receives');
    assert.equal(report.ready, null);
    assert.ok(result.findings.some((f) => f.code === 'ResourceUnknown' && f.message.startsWith('Pod not in the input files')));
  });
});

describe('explain: kube-proxy reads the slices its own way', () => {
  it('with externalTrafficPolicy Local, a terminating pod that is its node\'s only endpoint stays in that node\'s KUBE-SVL: partial, not a stale rule (CategorizeEndpoints falls back per node)', () => {
    const svc = service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31380 }] });
    const leaving = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'node-a', deleting: true });
    const fresh = pod('web-2-bbbbb', { ip: '10.244.2.3', node: 'node-b' });
    const input = snapshot({ service: svc, pods: [leaving, fresh], endpointSlices: [slice('web-x', [endpointFor(leaving), endpointFor(fresh)])] });
    const nodeA = nodeRules('node-a', [{ endpoints: shares(['10.244.2.3']), localEndpoints: shares(['10.244.1.2']) }]);
    const result = explain(input, [nodeA]);
    const report = byName(result, 'web-1-aaaaa');
    assert.equal(report.verdict, 'partial');
    assert.deepEqual(report.dataplane.map((d) => [d.node, d.rule, d.share, d.localShare]), [['node-a', 'present', null, 1]]);
    assert.ok(codes(report).includes('FallbackOnly'));
    assert.ok(!codes(report).includes('StaleDataplaneRule'));
    assert.ok(!findingCodes(result).includes('DataplaneDrift'));
    assert.equal(byName(result, 'web-2-bbbbb').verdict, 'receives');
  });
});

describe('explain: topology hints', () => {
  const hinted = (p: ReturnType<typeof pod>, zone: string) => ({ ...endpointFor(p), zone, hints: { forZones: [{ name: zone }] } });
  const a = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'node-a' });
  const b = pod('web-1-bbbbb', { ip: '10.244.2.3', node: 'node-b' });
  const input = snapshot({ service: service(), pods: [a, b], endpointSlices: [slice('web-x', [hinted(a, 'zone-a'), hinted(b, 'zone-b')])] });

  it('a node whose zone hints keep its traffic in-zone has no rule for the other zone\'s pod, by design: not drift (topologyModeFromHints)', () => {
    const result = explain(input, [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }])]);
    const other = byName(result, 'web-1-bbbbb');
    assert.equal(other.verdict, 'receives');
    assert.deepEqual(codes(other), ['TopologyHintsElsewhere']);
    assert.ok(!findingCodes(result).includes('DataplaneDrift'));
  });

  it('a pod hinted for the node\'s own zone but missing from its rules is still drift', () => {
    const result = explain(input, [nodeRules('node-a', [{ endpoints: shares(['10.244.2.3']) }])]);
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'none');
    assert.ok(findingCodes(result).includes('DataplaneDrift'));
  });
});

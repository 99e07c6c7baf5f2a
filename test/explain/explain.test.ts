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
    assert.deepEqual(p.dataplane, [{ node: 'minikube', family: 'IPv4', servicePort: '80', rule: 'absent', share: null, localShare: null }]);
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
      partial: 0,
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

  it('a Ready pod missing from every slice is reported as controller lag', () => {
    const listed = pod('web-1-aaaaa');
    const late = pod('web-1-bbbbb');
    const result = explain(snapshot({ service: service(), pods: [listed, late], endpointSlices: [slice('web-x', [endpointFor(listed)])] }));
    const report = byName(result, 'web-1-bbbbb');
    assert.equal(report.verdict, 'none');
    assert.match(report.reasons[0]?.message ?? '', /not in any EndpointSlice \(the EndpointSlice controller has not caught up\)/);
  });
});

describe('explain: pod readiness', () => {
  it('a readiness gate that is False is the root cause even when containers are ready', () => {
    const gated = pod('web-1-aaaaa', { ready: false, gate: { type: 'target-health.elbv2.k8s.aws/k8s-default-web-1a2b3c', status: 'False' } });
    const result = explain(snapshot({ service: service(), pods: [gated], endpointSlices: [slice('web-x', [endpointFor(gated)])] }));
    const report = byName(result, 'web-1-aaaaa');
    assert.equal(report.reasons[0]?.code, 'ReadinessGateFalse');
    assert.match(report.reasons[0]?.message ?? '', /target-health\.elbv2\.k8s\.aws\/k8s-default-web-1a2b3c is False/);
  });

  it('a pod without a readiness probe is Ready once running, and that is worth a note', () => {
    const p = pod('web-1-aaaaa', { probe: false });
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])] }));
    assert.equal(byName(result, 'web-1-aaaaa').verdict, 'receives');
    assert.ok(codes(byName(result, 'web-1-aaaaa')).includes('NoReadinessProbe'));
    assert.ok(findingCodes(result).includes('NoReadinessProbe'));
  });

  it('a Pending pod without an IP is not an endpoint', () => {
    const p = pod('web-1-aaaaa', { ready: false, ip: null, phase: 'Pending' });
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [])] }));
    assert.deepEqual(codes(byName(result, 'web-1-aaaaa')).slice(0, 2), ['PodNotRunning', 'NoPodIP']);
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

  it('a selector that matches nothing is critical, and named before the "no ready endpoint" it causes', () => {
    const result = explain(snapshot({ service: service('web', { selector: { app: 'wbe' } }), pods: [], endpointSlices: [] }));
    assert.deepEqual(findingCodes(result).slice(0, 2), ['SelectorMatchesNoPods', 'NoReadyEndpoints']);
    assert.equal(result.findings[0]?.severity, 'critical');
  });
});

describe('explain: kube-proxy reads the slices its own way', () => {
  it('an endpoint without a serving condition counts as serving: a mirrored not-ready terminating endpoint is a fallback (endpointslicecache.go: Serving==nil || *Serving)', () => {
    const svc = service('legacy', { selector: undefined });
    const mirrored = slice('legacy-x', [{ addresses: ['10.20.0.5'], conditions: { ready: false, terminating: true } }], 'legacy');
    const result = explain(snapshot({ service: svc, endpointSlices: [mirrored] }));
    assert.ok(findingCodes(result).includes('ServingTerminatingFallback'));
    assert.ok(!findingCodes(result).includes('NoReadyEndpoints'));
  });

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

describe('explain: messages an on-call engineer acts on', () => {
  it('a terminating pod is said deleted at deletionTimestamp minus its grace period, which is when the grace period ends', () => {
    const ready = pod('web-1-aaaaa');
    const leaving = pod('web-1-bbbbb', { deleting: true, grace: 45 });
    const result = explain(snapshot({ service: service(), pods: [ready, leaving], endpointSlices: [slice('web-x', [endpointFor(ready), endpointFor(leaving)])] }));
    assert.equal(byName(result, 'web-1-bbbbb').reasons[0]?.message, 'terminating: deleted at 2024-07-03T07:59:15Z, 45s grace period ends at 2024-07-03T08:00:00Z');
  });

  it('a crash-looping container is explained by how it last exited, not by the back-off message', () => {
    const p = pod('web-1-aaaaa', { ready: false });
    const status = p.status?.containerStatuses?.[0];
    assert.ok(status);
    Object.assign(status, {
      started: false,
      restartCount: 6,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app pod=web-1-aaaaa_default(uid)' } },
      lastState: { terminated: { reason: 'Error', exitCode: 1 } },
    });
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])] }));
    assert.equal(byName(result, 'web-1-aaaaa').reasons[0]?.message, 'container app waiting: CrashLoopBackOff (last exit: Error, exit code 1, 6 restarts)');
  });

  it('an exec probe that fails without output is quoted as such', () => {
    const p = pod('web-1-aaaaa', { ready: false });
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])], events: [probeFailure(p, 'Readiness probe failed: ', 42)] }));
    assert.equal(byName(result, 'web-1-aaaaa').reasons[0]?.message, 'readiness probe "cat /tmp/healthy" failing (42x, no output)');
  });

  it('a pod without an IP is not an endpoint whatever its readiness: no Ready link in its chain', () => {
    const p = pod('web-1-aaaaa', { ready: false, ip: null, phase: 'Pending' });
    p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] };
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [])] }));
    assert.deepEqual(codes(byName(result, 'web-1-aaaaa')), ['PodNotRunning', 'NoPodIP']);
  });

  it('a StatefulSet pod keeps its whole name: "2" alone says nothing', () => {
    const p = pod('zk-2');
    const result = explain(snapshot({ service: service(), pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)])] }));
    assert.equal(byName(result, 'zk-2').shortName, 'zk-2');
  });
});

describe('explain: findings', () => {
  it('no ready endpoint: connections are refused, and the nodes whose dump has the REJECT rule are named', () => {
    const failing = pod('web-1-aaaaa', { ready: false });
    const input = snapshot({ service: service(), pods: [failing], endpointSlices: [slice('web-x', [endpointFor(failing)])] });
    const result = explain(input, [nodeRules('node-a', [{ endpoints: null, noEndpoints: 'reject' }])]);
    assert.equal(result.findings[0]?.message, 'no ready endpoint: connections are refused (kube-proxy REJECTs them; the REJECT rule is on node-a)');
    const headless = explain(snapshot({ ...input, service: service('web', { clusterIP: 'None', clusterIPs: ['None'] }) }));
    assert.equal(headless.findings.find((f) => f.code === 'NoReadyEndpoints')?.message, 'no ready endpoint: its DNS name resolves to no address');
  });

  it('a ready slice endpoint whose pod is gone, still routed by kube-proxy, is a stale endpoint', () => {
    const live = pod('web-1-aaaaa', { ip: '10.244.1.2' });
    const gone = pod('web-1-zzzzz', { ip: '10.244.1.9' });
    const input = snapshot({ service: service(), pods: [live], endpointSlices: [slice('web-x', [endpointFor(live), endpointFor(gone)])] });
    const result = explain(input, [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.9']) }])]);
    const finding = result.findings.find((f) => f.code === 'StaleEndpoints');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /10\.244\.1\.9 \(pod\/web-1-zzzzz not found\) still gets 50% of new connections on node-a/);
    assert.ok(!findingCodes(result).includes('DataplaneDrift'), 'kube-proxy follows the slice: it is in sync');
  });

  it('hand-written endpoints of a selector-less Service are not stale', () => {
    const svc = service('ext', { selector: undefined });
    const result = explain(snapshot({ service: svc, endpointSlices: [slice('ext-x', [{ addresses: ['10.20.0.5'], conditions: { ready: true } }], 'ext')] }));
    assert.ok(!findingCodes(result).includes('StaleEndpoints'));
  });

  it('drift names the nodes that have not synced, and the stale IPs they still DNAT to', () => {
    const a = pod('web-1-aaaaa', { ip: '10.244.1.2' });
    const b = pod('web-1-bbbbb', { ip: '10.244.1.3' });
    const input = snapshot({ service: service(), pods: [a, b], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(b)])] });
    const result = explain(input, [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.3']) }]), nodeRules('node-b', [{ endpoints: shares(['10.244.1.2', '10.244.1.9']) }])]);
    const drift = result.findings.find((f) => f.code === 'DataplaneDrift');
    assert.equal(drift?.message, 'kube-proxy on node-b has not synced with the EndpointSlices (no rule for web-1-bbbbb on node-b; a stale rule for 10.244.1.9 on node-b): look for sync errors in kube-proxy\'s log there');
    assert.match(byName(result, 'web-1-bbbbb').reasons[0]?.message ?? '', /^no KUBE-SEP rule on node-b although the slice routes it/);
  });

  it('a probeless sidecar next to a probed app container is not worth a note; neither is a pod whose port does not resolve', () => {
    const withSidecar = pod('web-1-aaaaa');
    withSidecar.spec?.containers?.push({ name: 'log-shipper' });
    const svc = service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const debug = pod('web-debug', { probe: false });
    const result = explain(snapshot({ service: svc, pods: [withSidecar, debug], endpointSlices: [slice('web-x', [endpointFor(withSidecar), endpointFor(debug)])] }));
    assert.ok(!findingCodes(result).includes('NoReadinessProbe'));
    assert.ok(!codes(byName(result, 'web-debug')).includes('NoReadinessProbe'));
  });

  it('Events and Nodes that were not captured matter only when a pod is not Ready', () => {
    const unknown = [{ kind: 'Event' as const, why: 'not in the input files' }, { kind: 'Node' as const, why: 'not in the input files' }];
    const ready = pod('web-1-aaaaa');
    const healthy = explain(snapshot({ service: service(), pods: [ready], endpointSlices: [slice('web-x', [endpointFor(ready)])], unknown }));
    assert.ok(!findingCodes(healthy).includes('ResourceUnknown'));
    const failing = pod('web-1-bbbbb', { ready: false });
    const sick = explain(snapshot({ service: service(), pods: [ready, failing], endpointSlices: [slice('web-x', [endpointFor(ready), endpointFor(failing)])], unknown }));
    assert.deepEqual(sick.findings.filter((f) => f.code === 'ResourceUnknown').map((f) => f.message.split(':')[0]), ['Event not in the input files', 'Node not in the input files']);
  });

  it('no local endpoint: a warning for internalTrafficPolicy Local (clients on the node fail), info for externalTrafficPolicy Local (the LB health check routes around it)', () => {
    const a = pod('web-1-aaaaa', { node: 'node-a' });
    const slices = [slice('web-x', [endpointFor(a)])];
    const dropping = nodeRules('node-b', [{ endpoints: null, localEndpoints: null, noEndpoints: 'drop' }]);
    const internal = explain(snapshot({ service: service('web', { internalTrafficPolicy: 'Local' }), pods: [a], endpointSlices: slices }), [dropping]);
    const i = internal.findings.find((f) => f.code === 'NoLocalEndpoints');
    assert.equal(i?.severity, 'warning');
    assert.match(i?.message ?? '', /^node-b has no local endpoint: it DROPs cluster IP traffic to port 80 from clients on that node/);
    const external = explain(snapshot({ service: service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), pods: [a], endpointSlices: slices }), [dropping]);
    const e = external.findings.find((f) => f.code === 'NoLocalEndpoints');
    assert.equal(e?.severity, 'info');
    assert.match(e?.message ?? '', /DROPs external traffic to port 80 \(externalTrafficPolicy Local\); the load balancer must keep it out of rotation/);
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

/**
 * explain/pod/port.ts: one pod on one service port: the target port it resolves to, whether
 * kube-proxy routes to it cluster-wide or only through its node's Local-policy chain, and what
 * each node's rules do with it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podContext } from '../../../src/explain/context.ts';
import { portOutcome } from '../../../src/explain/pod/port.ts';
import type { Verdict } from '../../../src/explain/types.ts';
import type { NodeRules } from '../../../src/dataplane/types.ts';
import type { Snapshot } from '../../../src/model/snapshot.ts';
import { endpointFor, nodeRules, pod, podIn, portIn, service, shares, slice, viewOf } from '../builders.ts';

const ready = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'node-a' });
const leaving = pod('web-1-bbbbb', { ip: '10.244.1.3', node: 'node-a', deleting: true });
const elsewhere = pod('web-2-ccccc', { ip: '10.244.2.4', node: 'node-b' });
const lb = service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31380 }] });

interface Case {
  name: string;
  input: Partial<Snapshot> & { service: Snapshot['service'] };
  dumps?: NodeRules[];
  pod: string;
  verdict: Verdict;
  targetPort: number | null;
  causes: string[];
  nodes?: string[];
}

const cases: Case[] = [
  { name: 'a ready pod, routed: receives on its target port', input: { service: service(), pods: [ready], endpointSlices: [slice('web-x', [endpointFor(ready)])] }, pod: 'web-1-aaaaa', verdict: 'receives', targetPort: 8080, causes: [] },
  {
    name: 'a named targetPort the pod does not declare: no target port, no traffic',
    input: { service: service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] }), pods: [ready], endpointSlices: [] },
    pod: 'web-1-aaaaa',
    verdict: 'none',
    targetPort: null,
    causes: ['NamedPortMissing: no container port named "http" (TCP) for service port http'],
  },
  {
    name: "externalTrafficPolicy Local: a terminating pod, its node's only endpoint, stays in that node's Local chain",
    input: { service: lb, pods: [leaving, elsewhere], endpointSlices: [slice('web-x', [endpointFor(leaving), endpointFor(elsewhere)])] },
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.2.4']), localEndpoints: shares(['10.244.1.3']) }])],
    pod: 'web-1-bbbbb',
    verdict: 'partial',
    targetPort: 8080,
    causes: [
      'EndpointServingTerminating: serving=true terminating=true in slice web-x: used only if no endpoint is ready',
      'FallbackOnly: no ready endpoint on node-a, so its Local-policy chain falls back to this serving, terminating pod',
    ],
    nodes: ['node-a'],
  },
  {
    name: 'a headless Service has no kube-proxy rules: dumps say nothing about it',
    input: { service: service('web', { clusterIP: 'None', clusterIPs: ['None'] }), pods: [ready], endpointSlices: [slice('web-x', [endpointFor(ready)])] },
    dumps: [nodeRules('node-a', [{ endpoints: [] }])],
    pod: 'web-1-aaaaa',
    verdict: 'receives',
    targetPort: 8080,
    causes: [],
    nodes: [],
  },
];

describe('one pod on one service port', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf(c.input, c.dumps ?? []);
      const outcome = portOutcome(podIn(view, c.pod), portIn(view), podContext(view));
      assert.equal(outcome.verdict, c.verdict);
      assert.deepEqual(outcome.report, { servicePort: portIn(view).label, targetPort: c.targetPort, receivesTraffic: c.verdict === 'receives' || c.verdict === 'fallback' });
      assert.deepEqual(outcome.causes.map((r) => `${r.code}: ${r.message}`), c.causes);
      if (c.nodes) assert.deepEqual(outcome.dataplane.map((d) => d.report.node), c.nodes);
    });
  }
});

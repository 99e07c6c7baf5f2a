/**
 * explain/findings/dataplane.ts: what the node dumps show for the Service: Local traffic
 * policies, nodes that DROP for want of a local endpoint (proxier.go "has no local endpoints"),
 * skipped dump lines, and rules that contradict the slices (a node that has not synced).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataplaneFindings } from '../../../../src/explain/findings/dataplane.ts';
import type { FindingInput } from '../../../../src/explain/findings/input.ts';
import type { NodeRules } from '../../../../src/dataplane/types.ts';
import type { Service } from '../../../../src/kubernetes/objects.ts';
import { endpointFor, findingInput, nodeRules, pod, service, shares, slice } from '../../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'node-a' });
const dropping = nodeRules('node-b', [{ endpoints: null, localEndpoints: null, noEndpoints: 'drop' }]);
const warned: NodeRules = { ...nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }]), warnings: [{ line: 7, message: 'unbalanced quote' }, { line: 9, message: 'unknown table' }] };
const cut: NodeRules = { ...warned, warnings: [...warned.warnings, { line: 12, message: 'the dump ends in the middle of this line', incomplete: true }] };

const cases: { name: string; service: Service; dumps: NodeRules[]; drifting?: FindingInput['drifting']; findings: string[] }[] = [
  { name: 'a node that DNATs to the pod as it should: nothing', service: service(), dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }])], findings: [] },
  {
    name: 'internalTrafficPolicy Local, a node without a local endpoint: its clients get nothing (warning)',
    service: service('web', { internalTrafficPolicy: 'Local' }),
    dumps: [dropping],
    findings: [
      'info TrafficPolicyLocal: internalTrafficPolicy Local: a node sends that traffic only to endpoints on itself, and drops it when it has none',
      'warning NoLocalEndpoints: node-b has no local endpoint: it DROPs cluster IP traffic to port 80 from clients on that node (internalTrafficPolicy Local)',
    ],
  },
  {
    name: 'externalTrafficPolicy Local: by design, as long as the load balancer health check keeps the node out (info)',
    service: service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }),
    dumps: [dropping],
    findings: [
      'info TrafficPolicyLocal: externalTrafficPolicy Local: a node sends that traffic only to endpoints on itself, and drops it when it has none',
      'info NoLocalEndpoints: node-b has no local endpoint: it DROPs external traffic to port 80 (externalTrafficPolicy Local); the load balancer must keep it out of rotation (its health check node port answers 503 there)',
    ],
  },
  { name: 'skipped dump lines are counted, the first quoted', service: service(), dumps: [warned], findings: ['info DumpWarnings: node-a.txt:7: unbalanced quote (and 1 more warning: `kubectl slices rules node-a.txt` lists them)'] },
  {
    name: 'a dump that is not whole (empty, cut short, an undefined chain) is a warning, quoted before skipped lines',
    service: service(),
    dumps: [cut],
    findings: ['warning DumpWarnings: node-a.txt:12: the dump ends in the middle of this line (and 2 more warnings: `kubectl slices rules node-a.txt` lists them)'],
  },
  {
    name: 'a pod without its rule and an IP the slices no longer route: that node has not synced',
    service: service(),
    dumps: [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2']) }]), nodeRules('node-b', [{ endpoints: shares(['10.244.1.9']) }])],
    drifting: [{ pod: 'web-1-aaaaa', unsynced: ['node-b'], stale: [], held: [] }],
    findings: ["warning DataplaneDrift: kube-proxy on node-b has not synced with the EndpointSlices (no rule for web-1-aaaaa on node-b; a stale rule for 10.244.1.9 on node-b): look for sync errors in kube-proxy's log there"],
  },
];

describe('findings from the node dumps', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = findingInput({ service: c.service, pods: [a], endpointSlices: [slice('web-x', [endpointFor(a)])] }, c.dumps, c.drifting ?? []);
      assert.deepEqual(dataplaneFindings(input).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings);
    });
  }

  it('a stale IP that a slice still routes is not drift: kube-proxy follows the slice', () => {
    const gone = pod('web-1-zzzzz', { ip: '10.244.1.9' });
    const input = findingInput({ service: service(), pods: [a], endpointSlices: [slice('web-x', [endpointFor(a), endpointFor(gone)])] }, [nodeRules('node-a', [{ endpoints: shares(['10.244.1.2', '10.244.1.9']) }])]);
    assert.deepEqual(dataplaneFindings(input), []);
  });
});

/**
 * explain/findings/dumps.ts: a `--iptables NODE=` name that matches no Node object and no node a
 * pod or endpoint runs on; the known ones named, a close one suggested; unknown without Nodes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dumpFindings } from '../../../../src/explain/findings/dumps.ts';
import type { NodeRules } from '../../../../src/dataplane/types.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { endpointFor, findingInput, nodeRules, pod, service, shares, slice } from '../../builders.ts';

const a = pod('web-1-aaaaa', { ip: '10.244.1.2', node: 'kind-worker' });
const dump = (node: string): NodeRules => nodeRules(node, [{ endpoints: shares(['10.244.1.2']) }]);
const parts = (nodeNames: string[] | undefined, unknownNodes = false): Partial<Snapshot> & { service: Snapshot['service'] } => ({
  service: service(),
  pods: [a],
  endpointSlices: [slice('web-x', [endpointFor(a)])],
  ...(nodeNames ? { nodeNames } : {}),
  ...(unknownNodes ? { unknown: [{ kind: 'Node' as const, why: 'not in the input files' }] } : {}),
});
const nodes = ['kind-control-plane', 'kind-worker', 'kind-worker2'];

const cases: { name: string; input: ReturnType<typeof parts>; dumps: NodeRules[]; findings: string[] }[] = [
  { name: 'the node a pod runs on: nothing', input: parts(nodes), dumps: [dump('kind-worker')], findings: [] },
  { name: 'a Node of the input without pods (a client node): nothing', input: parts(nodes), dumps: [dump('kind-control-plane')], findings: [] },
  {
    name: 'a typo: the known nodes, and the close one',
    input: parts(nodes),
    dumps: [dump('kind-wroker2')],
    findings: ['warning DumpNodeNotFound: no Node named kind-wroker2 (kind-wroker2.txt) in the input, and none of the Service\'s pods or endpoints runs on it (nodes known: kind-control-plane, kind-worker, kind-worker2). Which endpoints are local to that dump is judged by that name; did you mean kind-worker2?'],
  },
  {
    name: 'a short name for an FQDN node',
    input: parts(['ip-10-0-1-5.ec2.internal', 'kind-worker']),
    dumps: [dump('ip-10-0-1-5')],
    findings: ['warning DumpNodeNotFound: no Node named ip-10-0-1-5 (ip-10-0-1-5.txt) in the input, and none of the Service\'s pods or endpoints runs on it (nodes known: ip-10-0-1-5.ec2.internal, kind-worker). Which endpoints are local to that dump is judged by that name; did you mean ip-10-0-1-5.ec2.internal?'],
  },
  {
    name: 'no Node objects: whether the name is real is unknown (info)',
    input: parts([], true),
    dumps: [dump('minikube')],
    findings: ["info DumpNodeNotFound: node minikube (minikube.txt) runs none of the Service's pods or endpoints, and Nodes are unknown (not in the input files): whether minikube is a node's real name is unknown"],
  },
  { name: 'no Node objects, but a pod runs there: known', input: parts([], true), dumps: [dump('kind-worker')], findings: [] },
  { name: 'node names not collected (watch, list): nothing said', input: parts(undefined), dumps: [dump('kind-wroker2')], findings: [] },
];

describe('a dump named after no known node', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(dumpFindings(findingInput(c.input, c.dumps)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

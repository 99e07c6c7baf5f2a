/**
 * explain/findings/nodes.ts: pods still Ready and routed on a node whose Ready condition is not
 * True (before MarkPodsNotReady, or never after a Ready=False spell, kubernetes#112733), with the
 * NoExecute taint and each pod's toleration of it read from the objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeFindings } from '../../../../src/explain/findings/nodes.ts';
import type { NodeCondition, NodeObject, Pod, Taint, Toleration } from '../../../../src/kubernetes/objects.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { endpointFor, findingInput, pod, service, slice } from '../../builders.ts';

const unreachable: NodeCondition = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: '2021-04-23T10:24:37Z', lastTransitionTime: '2021-04-23T10:26:09Z' };
const runtimeDown: NodeCondition = { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down', lastHeartbeatTime: '2021-04-23T10:27:00Z', lastTransitionTime: '2021-04-23T10:25:10Z' };
const noExecute = (key: string): Taint => ({ key, effect: 'NoExecute', timeAdded: '2021-04-23T10:26:18Z' });

function node(name: string, ready: NodeCondition, taints: Taint[] = []): NodeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { taints }, status: { conditions: [ready] } };
}

/** The tolerations the DefaultTolerationSeconds admission plugin adds to every pod, or `own`. */
function onNodeA(name: string, tolerations: Toleration[] = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }], ready = true): Pod {
  const p = pod(name, { node: 'node-a', ready });
  if (p.spec) p.spec.tolerations = tolerations;
  return p;
}

const routed = (pods: Pod[], nodes: NodeObject[]): Partial<Snapshot> & { service: Snapshot['service'] } => ({ service: service(), pods, nodes, endpointSlices: [slice('web-x', pods.map((p) => endpointFor(p)))] });
const lead = 'The node lifecycle controller marks a node\'s pods NotReady when its Ready condition leaves True (MarkPodsNotReady), but not after a Ready=False spell (kubernetes#112733)';

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; findings: string[] }[] = [
  { name: 'a Ready node: nothing', input: routed([onNodeA('web-1-aaaaa')], [node('node-a', { type: 'Ready', status: 'True' })]), findings: [] },
  {
    name: 'Unknown, tainted unreachable: since when, the last heartbeat, and the 300s the pods tolerate',
    input: routed([onNodeA('web-1-aaaaa'), onNodeA('web-1-bbbbb')], [node('node-a', unreachable, [noExecute('node.kubernetes.io/unreachable')])]),
    findings: [
      `warning ReadyOnNotReadyNode: node node-a is Ready=Unknown since 2021-04-23T10:26:09Z (NodeStatusUnknown: Kubelet stopped posting node status.; last heartbeat 2021-04-23T10:24:37Z), yet its 2 pods aaaaa, bbbbb are still Ready and routed. ${lead}; the node has had the node.kubernetes.io/unreachable:NoExecute taint since 2021-04-23T10:26:18Z, which evicts a pod once its toleration runs out: they tolerate it for 300s`,
    ],
  },
  {
    name: 'False (the kubelet says so itself), no taint yet: no eviction has started',
    input: routed([onNodeA('web-1-aaaaa')], [node('node-a', runtimeDown)]),
    findings: [
      `warning ReadyOnNotReadyNode: node node-a is Ready=False since 2021-04-23T10:25:10Z (KubeletNotReady: container runtime is down; last heartbeat 2021-04-23T10:27:00Z), yet its pod aaaaa is still Ready and routed. ${lead}; the node has no node.kubernetes.io/not-ready:NoExecute taint, so no eviction has started`,
    ],
  },
  {
    name: 'tolerations that differ are named pod by pod; none at all means at once, one without seconds means never',
    input: routed([onNodeA('web-1-aaaaa', []), onNodeA('web-1-bbbbb', [{ operator: 'Exists' }])], [node('node-a', unreachable, [noExecute('node.kubernetes.io/unreachable')])]),
    findings: [
      `warning ReadyOnNotReadyNode: node node-a is Ready=Unknown since 2021-04-23T10:26:09Z (NodeStatusUnknown: Kubelet stopped posting node status.; last heartbeat 2021-04-23T10:24:37Z), yet its 2 pods aaaaa, bbbbb are still Ready and routed. ${lead}; the node has had the node.kubernetes.io/unreachable:NoExecute taint since 2021-04-23T10:26:18Z, which evicts a pod once its toleration runs out: aaaaa does not tolerate it, bbbbb tolerates it with no time limit (never evicted for it)`,
    ],
  },
  {
    name: 'the shortest matching tolerationSeconds counts (getMinTolerationTime)',
    input: routed([onNodeA('web-1-aaaaa', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'other', operator: 'Exists' }])], [node('node-a', unreachable, [noExecute('node.kubernetes.io/unreachable')])]),
    findings: [
      `warning ReadyOnNotReadyNode: node node-a is Ready=Unknown since 2021-04-23T10:26:09Z (NodeStatusUnknown: Kubelet stopped posting node status.; last heartbeat 2021-04-23T10:24:37Z), yet its pod aaaaa is still Ready and routed. ${lead}; the node has had the node.kubernetes.io/unreachable:NoExecute taint since 2021-04-23T10:26:18Z, which evicts a pod once its toleration runs out: it tolerates it for 30s`,
    ],
  },
  { name: 'pods already marked NotReady: their own chain says so (NodeNotReady), not this', input: routed([onNodeA('web-1-aaaaa', undefined, false)], [node('node-a', unreachable)]), findings: [] },
  { name: 'Ready but not routed (the slice says not ready): not "routed"', input: { service: service(), pods: [onNodeA('web-1-aaaaa')], nodes: [node('node-a', unreachable)], endpointSlices: [slice('web-x', [{ ...endpointFor(onNodeA('web-1-aaaaa')), conditions: { ready: false, serving: false, terminating: false } }])] }, findings: [] },
  { name: 'the Node was not captured: nothing is claimed', input: { ...routed([onNodeA('web-1-aaaaa')], []), unknown: [{ kind: 'Node', why: 'not in the input files' }] }, findings: [] },
];

describe('pods still Ready on a node that is not', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(nodeFindings(findingInput(c.input)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

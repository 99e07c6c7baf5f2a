/**
 * explain/readiness/readiness.ts: why a pod is not Ready, from its own status. Ready =
 * ContainersReady and every readiness gate True (kubelet status/generate.go
 * GeneratePodReadyCondition); a container without a readiness probe is ready once running
 * (prober_manager.go UpdatePodStatus); the node lifecycle controller marks every pod of a node
 * that stopped reporting not Ready (MarkPodsNotReady).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podReadiness } from '../../../src/explain/readiness/readiness.ts';
import type { ContainerStatus, EventObject, NodeObject, Pod } from '../../../src/kubernetes/objects.ts';
import { pod, probeFailure, type PodOptions } from '../builders.ts';

const notReadyNode: NodeObject = {
  kind: 'Node',
  metadata: { name: 'node-a' },
  status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] },
};

function withStatus(p: Pod, status: Partial<ContainerStatus>): Pod {
  const current = p.status?.containerStatuses?.[0];
  if (current) Object.assign(current, status);
  return p;
}

interface Case {
  name: string;
  pod: Pod;
  node?: NodeObject;
  events?: EventObject[];
  /** "Now" as the input tells it (model/observed.ts); absent: the input carries no time. */
  now?: string;
  causes: string[];
}

const failing = (o: PodOptions = {}) => pod('web-1-aaaaa', { ready: false, ...o });

const cases: Case[] = [
  { name: 'Ready: no causes', pod: pod('web-1-aaaaa'), causes: [] },
  { name: 'not Ready, no event, no time to go by: the probe has not passed yet, never "failing"', pod: failing(), causes: ['ReadinessProbeNotPassed: readiness probe "cat /tmp/healthy" has not passed yet'] },
  {
    // The builder's container started at 07:58:40 with periodSeconds 3, failureThreshold and initialDelaySeconds defaulted.
    name: 'no event, but its container has run longer than the probe needs to pass: failing, and the arithmetic',
    pod: failing(),
    now: '2024-07-03T07:59:20Z',
    causes: ['ReadinessProbeFailing: readiness probe "cat /tmp/healthy" failing: not passed 40s after its container started, longer than it needs to pass (initialDelaySeconds 0 + failureThreshold 3 x periodSeconds 3 = 9s)'],
  },
  { name: 'no event, 5s after its container started: has not passed yet', pod: failing(), now: '2024-07-03T07:58:45Z', causes: ['ReadinessProbeNotPassed: readiness probe "cat /tmp/healthy" has not passed yet'] },
  {
    name: "a failing readiness probe quotes the kubelet's latest Unhealthy event",
    pod: failing(),
    events: [probeFailure(failing(), "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory", 12)],
    causes: ['ReadinessProbeFailing: readiness probe "cat /tmp/healthy" failing (12x: "cat: can\'t open \'/tmp/healthy\': No such file or directory")'],
  },
  { name: 'its node stopped reporting: the node first', pod: failing(), node: notReadyNode, causes: ['NodeNotReady: node node-a is Ready=Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)', 'ReadinessProbeNotPassed: readiness probe "cat /tmp/healthy" has not passed yet'] },
  {
    name: 'crash-looping: how it last exited, not the back-off message',
    pod: withStatus(failing(), { started: false, restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }),
    causes: ['ContainersNotReady: container app waiting: CrashLoopBackOff (last exit: Error, exit code 1, 6 restarts)'],
  },
  { name: 'waiting with its own message', pod: withStatus(failing(), { state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "web:2"' } } }), causes: ['ContainersNotReady: container app waiting: ImagePullBackOff: Back-off pulling image "web:2"'] },
  { name: 'terminated', pod: withStatus(failing(), { state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }), causes: ['ContainersNotReady: container app terminated: OOMKilled (exit code 137)'] },
  {
    name: 'a startup probe that has not passed yet: not "failing" without an event saying so',
    pod: (() => {
      const p = withStatus(failing(), { started: false });
      const c = p.spec?.containers?.[0];
      if (c) c.startupProbe = { httpGet: { path: '/healthz', port: 8080 } };
      return p;
    })(),
    causes: ['StartupProbeNotPassed: startup probe GET :8080/healthz has not passed yet'],
  },
  { name: 'a readiness gate not set yet, containers ready', pod: pod('web-1-aaaaa', { ready: false, gate: { type: 'example.com/ready', status: 'False' } }), causes: ['ReadinessGateFalse: readiness gate example.com/ready is False'] },
  {
    name: 'nothing more specific: the Ready condition itself',
    pod: (() => {
      const p = failing({ probe: false });
      return withStatus(p, { ready: true });
    })(),
    causes: ['PodNotReady: Ready=False (ContainersNotReady)'],
  },
  { name: 'Succeeded: terminal, no causes', pod: failing({ phase: 'Succeeded' }), causes: [] },
];

describe('podReadiness: the root causes of not being Ready, most specific first', () => {
  for (const c of cases) {
    it(c.name, () => {
      const readiness = podReadiness(c.pod, c.node, c.events ?? [], c.now === undefined ? null : Date.parse(c.now));
      assert.deepEqual(readiness.causes.map((r) => `${r.code}: ${r.message}`), c.causes);
    });
  }
});

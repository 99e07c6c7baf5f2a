/**
 * explain/pod/lifecycle.ts: the pod-level links. The controllers leave out pods without an IP or
 * in a terminal phase (endpointslice/utils.go ShouldPodBeInEndpoints); deletionTimestamp is when
 * the grace period ends (apiserver registry/rest delete.go BeforeDelete).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lifecycleReasons, readinessReasons } from '../../../src/explain/pod/lifecycle.ts';
import { podReadiness } from '../../../src/explain/readiness/readiness.ts';
import type { Pod } from '../../../src/kubernetes/objects.ts';
import { pod, podIn, service, viewOf, type PodOptions } from '../builders.ts';

interface Case {
  name: string;
  pod: PodOptions;
  edit?: (p: Pod) => void;
  lifecycle: string[];
  readiness: string[];
}

const cases: Case[] = [
  { name: 'a Running, Ready pod: nothing to say', pod: {}, lifecycle: [], readiness: [] },
  {
    name: 'Pending without an IP: phase and no IP; what its containers do, but no Ready link (the controllers skip it anyway)',
    pod: { ready: false, ip: null, phase: 'Pending' },
    lifecycle: ['PodNotRunning: phase Pending', 'NoPodIP: no pod IP yet'],
    readiness: ['ReadinessProbeNotPassed: readiness probe "cat /tmp/healthy" has not passed yet'],
  },
  {
    name: 'unschedulable: the scheduler\'s own words',
    pod: { ready: false, ip: null, phase: 'Pending' },
    edit: (p) => (p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available:\n  3 Insufficient cpu.' }] }),
    lifecycle: ['PodNotRunning: phase Pending (Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.)', 'NoPodIP: no pod IP yet'],
    readiness: [],
  },
  {
    name: 'deleted with a grace period: when it was deleted and when the grace ends',
    pod: { deleting: true, grace: 45 },
    lifecycle: ['Terminating: terminating: deleted at 2024-07-03T07:59:15Z, 45s grace period ends at 2024-07-03T08:00:00Z'],
    readiness: [],
  },
  { name: 'deleted, grace period unknown: only when it ends', pod: { deleting: true }, lifecycle: ['Terminating: terminating: its grace period ends at 2024-07-03T08:00:00Z'], readiness: [] },
  { name: 'not Ready: its cause, then the Ready condition it leads to', pod: { ready: false }, lifecycle: [], readiness: ['ReadinessProbeNotPassed: readiness probe "cat /tmp/healthy" has not passed yet', 'PodNotReady: Ready=False'] },
  { name: 'Succeeded: terminal, so no readiness link', pod: { ready: false, phase: 'Succeeded' }, lifecycle: ['PodNotRunning: phase Succeeded'], readiness: [] },
];

describe('pod lifecycle and readiness links', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = pod('web-1-aaaaa', c.pod);
      c.edit?.(p);
      const view = viewOf({ service: service(), pods: [p] });
      const pv = podIn(view, 'web-1-aaaaa');
      const text = (r: { code: string; message: string }) => `${r.code}: ${r.message}`;
      assert.deepEqual(lifecycleReasons(pv).map(text), c.lifecycle);
      assert.deepEqual(readinessReasons(pv, podReadiness(pv.pod, pv.node, pv.events)).map(text), c.readiness);
    });
  }

  it('a pod known only from an endpoint (Pods not captured) has no lifecycle to tell', () => {
    const p = pod('web-1-aaaaa', { ready: false, phase: 'Pending' });
    const view = viewOf({ service: service(), endpointSlices: [], pods: [p] });
    const phantom = { ...podIn(view, 'web-1-aaaaa'), phantom: true };
    assert.deepEqual([lifecycleReasons(phantom), readinessReasons(phantom, podReadiness(p, undefined, []))], [[], []]);
  });
});

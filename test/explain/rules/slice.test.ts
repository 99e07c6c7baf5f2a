/**
 * explain/pod/slice.ts: the EndpointSlice link. The controller writes ready = pnra || (podReady
 * && !terminating), serving = podReady, terminating = deletionTimestamp set
 * (endpointslice/utils.go podToEndpoint): a slice that disagrees with its pod has not caught up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podContext } from '../../../src/explain/context.ts';
import { sliceReasons } from '../../../src/explain/pod/slice.ts';
import { sliceServesPort } from '../../../src/explain/routing.ts';
import type { EndpointSliceEndpoint, Pod, Service } from '../../../src/kubernetes/objects.ts';
import type { UnknownResource } from '../../../src/model/snapshot.ts';
import { endpointFor, pod, podIn, portIn, service, slice, viewOf } from '../builders.ts';

interface Case {
  name: string;
  pod: Pod;
  /** The pod's endpoint as the slice has it; null: in no slice. */
  endpoint: ((p: Pod) => EndpointSliceEndpoint) | null;
  service?: Service;
  unknown?: UnknownResource[];
  reasons: string[];
}

const cases: Case[] = [
  { name: 'Ready pod, ready endpoint: nothing to say', pod: pod('web-1-aaaaa'), endpoint: (p) => endpointFor(p), reasons: [] },
  { name: 'not Ready, and the slice says so', pod: pod('web-1-aaaaa', { ready: false }), endpoint: (p) => endpointFor(p), reasons: ['EndpointNotReady: ready=false in slice web-x'] },
  {
    name: 'Ready, but the slice still says ready=false: the controller has not caught up',
    pod: pod('web-1-aaaaa'),
    endpoint: (p) => ({ ...endpointFor(p), conditions: { ready: false, serving: false, terminating: false } }),
    reasons: ['EndpointNotReady: ready=false in slice web-x although the pod is Ready: the EndpointSlice controller has not caught up'],
  },
  { name: 'not Ready, but the slice still says ready=true: stale', pod: pod('web-1-aaaaa', { ready: false }), endpoint: (p) => endpointFor(p, true), reasons: ['EndpointStale: ready=true in slice web-x although the pod is not Ready: the slice is stale'] },
  {
    name: 'not Ready and ready=true, because the Service publishes not-ready addresses',
    pod: pod('web-1-aaaaa', { ready: false }),
    endpoint: (p) => endpointFor(p, true),
    service: service('web', { publishNotReadyAddresses: true }),
    reasons: ['PublishNotReadyAddresses: ready=true in slice web-x anyway: the Service sets publishNotReadyAddresses'],
  },
  { name: 'terminating but serving: the fallback only', pod: pod('web-1-aaaaa', { deleting: true }), endpoint: (p) => endpointFor(p), reasons: ['EndpointServingTerminating: serving=true terminating=true in slice web-x: used only if no endpoint is ready'] },
  { name: 'Ready but in no slice: the controller has not caught up', pod: pod('web-1-aaaaa'), endpoint: null, reasons: ['MissingFromEndpointSlice: not in any EndpointSlice (the EndpointSlice controller has not caught up)'] },
  { name: 'in no slice because it has no IP: the lifecycle already says why', pod: pod('web-1-aaaaa', { ip: null, ready: false, phase: 'Pending' }), endpoint: null, reasons: [] },
  {
    name: 'in no slice, but slices were not captured: routing unknown, and what is missing (never "not in any EndpointSlice")',
    pod: pod('web-1-aaaaa'),
    endpoint: null,
    unknown: [{ kind: 'EndpointSlice', why: 'forbidden' }],
    reasons: ['RoutingUnknown: EndpointSlices forbidden: whether kube-proxy routes to it is unknown'],
  },
];

describe('the EndpointSlice link of one pod', () => {
  for (const c of cases) {
    it(c.name, () => {
      const view = viewOf({ service: c.service ?? service(), pods: [c.pod], endpointSlices: c.endpoint ? [slice('web-x', [c.endpoint(c.pod)])] : [slice('web-x', [])], unknown: c.unknown ?? [] });
      const pv = podIn(view, c.pod.metadata.name);
      const port = portIn(view);
      const entries = pv.sliceEntries.filter((e) => sliceServesPort(e.slice, port));
      assert.deepEqual(sliceReasons(pv, port, entries, podContext(view)).map((r) => `${r.code}: ${r.message}`), c.reasons);
    });
  }

  it('with several ports, a missing endpoint names the port', () => {
    const p = pod('web-1-aaaaa');
    const svc = service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }, { name: 'admin', port: 9000, protocol: 'TCP', targetPort: 8080 }] });
    const view = viewOf({ service: svc, pods: [p], endpointSlices: [slice('web-x', [endpointFor(p)], 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }])] });
    const admin = portIn(view, 'admin');
    assert.deepEqual(sliceReasons(podIn(view, 'web-1-aaaaa'), admin, [], podContext(view)).map((r) => r.message), ['not in any EndpointSlice for port admin (the EndpointSlice controller has not caught up)']);
  });
});

/**
 * explain/findings/unknown.ts: resources that were not captured or were forbidden, said once,
 * and only when their absence leaves a link of the chain unknown (never reported as "absent").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unknownFindings } from '../../../../src/explain/findings/unknown.ts';
import type { Service } from '../../../../src/kubernetes/objects.ts';
import type { UnknownResource } from '../../../../src/model/snapshot.ts';
import { endpointFor, findingInput, pod, service, slice } from '../../builders.ts';

const ready = pod('web-1-aaaaa');
const failing = pod('web-1-bbbbb', { ready: false });
const notCaptured = (...kinds: UnknownResource['kind'][]): UnknownResource[] => kinds.map((kind) => ({ kind, why: 'not in the input files' }));

const cases: { name: string; service?: Service; pods: ReturnType<typeof pod>[]; unknown: UnknownResource[]; findings: string[] }[] = [
  { name: 'Events and Nodes matter only when a pod is not Ready: all Ready, nothing', pods: [ready], unknown: notCaptured('Event', 'Node'), findings: [] },
  {
    name: 'a pod not Ready: Events and Nodes would have explained it (info)',
    pods: [ready, failing],
    unknown: notCaptured('Event', 'Node'),
    findings: ['info ResourceUnknown: Event not in the input files: probe failures are not quoted', 'info ResourceUnknown: Node not in the input files: node readiness and zones are not checked'],
  },
  { name: 'EndpointSlices forbidden: which endpoints kube-proxy routes to is unknown (warning)', pods: [ready], unknown: [{ kind: 'EndpointSlice', why: 'forbidden: no list' }], findings: ['warning ResourceUnknown: EndpointSlice forbidden: no list: which endpoints kube-proxy routes to is unknown'] },
  { name: 'Pods of a selector-less Service do not matter', service: service('web', { selector: undefined }), pods: [], unknown: notCaptured('Pod'), findings: [] },
  { name: 'an ExternalName Service has no endpoints at all', service: service('web', { type: 'ExternalName', externalName: 'db.example.com' }), pods: [], unknown: notCaptured('EndpointSlice', 'Endpoints', 'Pod'), findings: [] },
];

describe('findings about what could not be read', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = findingInput({ service: c.service ?? service(), pods: c.pods, endpointSlices: [slice('web-x', c.pods.map((p) => endpointFor(p)))], unknown: c.unknown });
      assert.deepEqual(unknownFindings(input).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings);
    });
  }
});

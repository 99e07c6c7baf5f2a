/** explain/findings/kind.ts: what kind of Service it is, when that alone decides where traffic goes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindFindings } from '../../../../src/explain/findings/kind.ts';
import type { Service } from '../../../../src/kubernetes/objects.ts';
import { findingInput, service } from '../../builders.ts';

const cases: { name: string; spec: Partial<NonNullable<Service['spec']>>; findings: string[] }[] = [
  { name: 'a plain ClusterIP Service: nothing', spec: {}, findings: [] },
  {
    name: 'ExternalName: a CNAME, no endpoints, no rules (and "no selector" is not worth saying)',
    spec: { type: 'ExternalName', externalName: 'db.example.com', selector: undefined },
    findings: ['info ExternalName: ExternalName Service: DNS answers with a CNAME to db.example.com; there are no endpoints and no kube-proxy rules'],
  },
  { name: 'no selector', spec: { selector: undefined }, findings: ['info NoSelector: no selector: its endpoints are written by hand or by another controller, not derived from pods'] },
  { name: 'headless', spec: { clusterIP: 'None' }, findings: ['info Headless: headless (clusterIP None): DNS returns the ready endpoints directly; kube-proxy writes no rules for it'] },
  { name: 'publishNotReadyAddresses: a warning', spec: { publishNotReadyAddresses: true }, findings: ['warning PublishNotReadyAddresses: publishNotReadyAddresses: every endpoint is published ready, whatever its pod readiness'] },
  {
    name: 'ClientIP affinity, kube-proxy\'s default timeout',
    spec: { sessionAffinity: 'ClientIP' },
    findings: ['info SessionAffinity: ClientIP session affinity (10800s): returning clients stick to their endpoint, so shares apply to new clients only'],
  },
];

describe('findings about the kind of Service', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(kindFindings(findingInput({ service: service('web', c.spec) })).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

/** explain/findings/pods.ts: what the selected pods have in common. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podFindings } from '../../../../src/explain/findings/pods.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { endpointFor, findingInput, pod, service, slice } from '../../builders.ts';

const probed = pod('web-1-aaaaa');
const bare = pod('web-1-bbbbb', { probe: false });
const withSidecar = pod('web-1-ccccc');
withSidecar.spec?.containers?.push({ name: 'log-shipper' });
const named = service('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; findings: string[] }[] = [
  { name: 'probed pods that match: nothing', input: { service: service(), pods: [probed] }, findings: [] },
  { name: 'a selector that matches no pod: critical', input: { service: service('web', { selector: { app: 'wbe', tier: 'front' } }), pods: [] }, findings: ['critical SelectorMatchesNoPods: selector app=wbe,tier=front matches no pod in namespace default'] },
  { name: 'pods not captured: a selector cannot be said to match nothing', input: { service: service(), unknown: [{ kind: 'Pod', why: 'forbidden' }] }, findings: [] },
  { name: 'a named targetPort no selected pod declares: critical', input: { service: named, pods: [probed] }, findings: ['critical NamedPortUnresolved: targetPort "http" of port http is a name no selected pod declares'] },
  { name: 'one pod declares it: the others are explained pod by pod', input: { service: named, pods: [probed, pod('web-1-ddddd', { portName: 'http' })] }, findings: [] },
  {
    name: 'pods serving without a readiness probe: counted and named',
    input: { service: service(), pods: [probed, bare] },
    findings: ['info NoReadinessProbe: 1 of 2 pods serve from containers without a readiness probe (app): they get traffic as soon as they run'],
  },
  { name: 'a probeless sidecar beside a probed app: not worth a finding', input: { service: service(), pods: [withSidecar] }, findings: [] },
  {
    name: 'pods known only from endpoints declare no ports: not "unresolved"',
    input: { service: named, endpointSlices: [slice('web-x', [endpointFor(probed)], 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }])], unknown: [{ kind: 'Pod', why: 'not in the input files' }] },
    findings: [],
  },
];

describe('findings about the selected pods', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(podFindings(findingInput(c.input)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

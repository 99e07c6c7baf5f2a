/**
 * explain/findings/ports.ts: a numeric targetPort no container declares while they declare
 * others: a hint (info), since declaring ports is optional and kube-proxy DNATs to the number anyway.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { portFindings } from '../../../../src/explain/findings/ports.ts';
import type { Container, Pod, Service } from '../../../../src/kubernetes/objects.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { findingInput, pod, service } from '../../builders.ts';

/** A pod whose single container declares `ports` (and probes `probe`, if given). */
function declaring(name: string, ports: number[], probe?: number | string, app = 'web'): Pod {
  const p = pod(name, { app });
  const container: Container = { name: 'app', ports: ports.map((containerPort) => ({ containerPort, protocol: 'TCP', ...(containerPort === 3000 ? { name: 'http' } : {}) })) };
  if (probe !== undefined) container.readinessProbe = { httpGet: { path: '/alive', port: probe } };
  if (p.spec) p.spec.containers = [container];
  return p;
}

const to8080 = service();
const to3000 = service('web', { ports: [{ port: 80, protocol: 'TCP', targetPort: 3000 }] });
const defaulted = service('web', { ports: [{ port: 8080, protocol: 'TCP' }] });
const udp = service('web', { ports: [{ port: 53, protocol: 'UDP', targetPort: 3000 }] });
const named: Service = service('web', { ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }] });
const hint = (pods: string, declared: string) =>
  `info TargetPortNotDeclared: targetPort 8080 of port 80 is declared by no container of ${pods} containers ${declared}. Declaring ports is optional, so kube-proxy still sends the traffic to 8080: it reaches the app only if the app listens on 8080`;

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; findings: string[] }[] = [
  { name: 'a container declares the targetPort: nothing', input: { service: to8080, pods: [declaring('web-1-aaaaa', [8080])] }, findings: [] },
  { name: 'no container declares any port: nothing either way (kubernetes.io Debug Services: serve_hostname on 9376)', input: { service: to8080, pods: [declaring('web-1-aaaaa', [])] }, findings: [] },
  {
    name: 'containers declare another port, the probe checks that one (kubernetes/website#16158): what they declare and probe',
    input: { service: to8080, pods: [declaring('web-1-aaaaa', [3000], 3000)] },
    findings: [hint('pod web-1-aaaaa: its', 'declare 3000/TCP and probe 3000')],
  },
  { name: 'a named probe port is resolved among the container ports', input: { service: to8080, pods: [declaring('web-1-aaaaa', [3000], 'http')] }, findings: [hint('pod web-1-aaaaa: its', 'declare 3000/TCP and probe 3000')] },
  { name: 'a probe of the targetPort is evidence the app listens there: nothing', input: { service: to8080, pods: [declaring('web-1-aaaaa', [3000], 8080)] }, findings: [] },
  {
    name: 'pods that declare the same thing are grouped, the first three named',
    input: { service: to8080, pods: ['aaaaa', 'bbbbb', 'ccccc', 'ddddd'].map((s) => declaring(`web-1-${s}`, [3000])) },
    findings: [hint('4 pods (web-1-aaaaa, web-1-bbbbb, web-1-ccccc and 1 more): their', 'declare 3000/TCP')],
  },
  { name: 'targetPort omitted means the port number (8080 here), declared: nothing', input: { service: defaulted, pods: [declaring('web-1-aaaaa', [8080])] }, findings: [] },
  { name: 'a matching number with another protocol is not a declaration of it', input: { service: udp, pods: [declaring('web-1-aaaaa', [3000])] }, findings: ['info TargetPortNotDeclared: targetPort 3000 of port 53 is declared by no container of pod web-1-aaaaa: its containers declare 3000/TCP. Declaring ports is optional, so kube-proxy still sends the traffic to 3000: it reaches the app only if the app listens on 3000'] },
  { name: 'a named targetPort is resolved or not: NamedPortMissing says so, not this', input: { service: named, pods: [declaring('web-1-aaaaa', [8080])] }, findings: [] },
  { name: 'a pod the selector does not match is not judged', input: { service: to3000, pods: [declaring('web-1-aaaaa', [8080], undefined, 'other')] }, findings: [] },
];

describe('a numeric targetPort no container declares', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(portFindings(findingInput(c.input)).map((f) => `${f.severity} ${f.code}: ${f.message}`), c.findings));
});

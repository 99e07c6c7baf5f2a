/**
 * explain/findings/termination.ts and explain/termination/report.ts: the termination window of a
 * Service as explain reports it. Problems become findings with subject, evidence and fix; ok and
 * unknown facts stay in `termination.facts`; a kind that was not read leaves the facts that depend
 * on it unknown, never ok.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { terminationFindings } from '../../../../src/explain/findings/termination.ts';
import type { Ingress, IngressClass, NamespaceObject, Pod } from '../../../../src/kubernetes/objects.ts';
import type { Snapshot } from '../../../../src/model/snapshot.ts';
import { findingInput, pod, service } from '../../builders.ts';

function sleeping(name: string, seconds: number, grace = 30): Pod {
  const p = pod(name);
  p.spec!.containers![0]!.lifecycle = { preStop: { sleep: { seconds } } };
  p.spec!.terminationGracePeriodSeconds = grace;
  return p;
}

const namespace = (labelled: boolean): NamespaceObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', ...(labelled ? { labels: { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } } : {}) } });
const alb: IngressClass = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb' } };
const ingress: Ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'default', annotations: { 'alb.ingress.kubernetes.io/target-type': 'ip' } },
  spec: { ingressClassName: 'alb', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
};

type Parts = Partial<Snapshot> & { service: Snapshot['service'] };
const cases: { name: string; parts: Parts; findings: string[]; facts: string[] }[] = [
  {
    name: 'no preStop: one finding for the group of pods, with its fix; Ingresses not captured: the load balancer facts are unknown',
    parts: { service: service(), pods: [pod('web-5f7d9c6b8-a1b2c'), pod('web-5f7d9c6b8-d3e4f')], unknown: [{ kind: 'Ingress', why: 'not in the input files' }] },
    findings: ['warning NoPreStopDelay pods a1b2c, d3e4f of web-5f7d9c6b8 (container app)'],
    facts: ['problem NoPreStopDelay', 'unknown GracePeriodShorterThanDeregistration', 'unknown ReadinessGateNotInjected', 'unknown HealthCheckPathMismatch'],
  },
  {
    name: 'sleep 15 in 30 s, and the Ingresses were read (none names the Service): no finding, nothing unknown',
    parts: { service: service(), pods: [sleeping('web-5f7d9c6b8-a1b2c', 15)], namespace: namespace(false) },
    findings: [],
    facts: ['ok NoPreStopDelay', 'ok GracePeriodShorterThanPreStop'],
  },
  {
    name: 'an ALB Ingress with IP targets in an unlabelled namespace: the readiness gate finding',
    parts: { service: service(), pods: [sleeping('web-5f7d9c6b8-a1b2c', 15, 400)], namespace: namespace(false), ingresses: [ingress], ingressClasses: [alb] },
    findings: ['warning ReadinessGateNotInjected namespace/default'],
    facts: ['ok NoPreStopDelay', 'ok GracePeriodShorterThanPreStop', 'ok GracePeriodShorterThanDeregistration', 'problem ReadinessGateNotInjected', 'unknown HealthCheckPathMismatch'],
  },
  {
    name: 'IngressClasses not read: whether the Ingress is an ALB is unknown, so its facts are',
    parts: { service: service(), pods: [sleeping('web-5f7d9c6b8-a1b2c', 15)], namespace: namespace(true), ingresses: [ingress], unknown: [{ kind: 'IngressClass', why: 'forbidden: no list' }] },
    findings: [],
    facts: ['ok NoPreStopDelay', 'ok GracePeriodShorterThanPreStop', 'unknown GracePeriodShorterThanDeregistration', 'unknown ReadinessGateNotInjected', 'unknown HealthCheckPathMismatch'],
  },
  {
    name: 'Pods forbidden: every pod fact unknown, none ok',
    parts: { service: service(), namespace: namespace(false), unknown: [{ kind: 'Pod', why: 'forbidden: no list' }] },
    findings: [],
    facts: ['unknown NoPreStopDelay', 'unknown GracePeriodShorterThanPreStop'],
  },
  { name: 'ExternalName: nothing to roll', parts: { service: service('web', { type: 'ExternalName', externalName: 'db.example.com', selector: undefined }) }, findings: [], facts: [] },
];

describe('termination findings', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = findingInput(c.parts);
      const findings = terminationFindings(input);
      assert.deepEqual(findings.map((f) => `${f.severity} ${f.code} ${f.subject}`), c.findings);
      for (const f of findings) assert.ok(f.fix && f.evidence && f.evidence.length > 0, `${f.code} has a fix and evidence`);
      assert.deepEqual(input.termination.facts.map((f) => `${f.state} ${f.code}`), c.facts);
    });
  }
});

/**
 * examples/aws-lb-rollout (seed 004): every termination fact fires on the bad version and none on
 * the fixed one; the route from django-ingress resolves in both. The facts are also compared with
 * golden text (test/termination/golden/), which the example's README quotes; UPDATE_GOLDEN=1
 * rewrites it (review the diff).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { matchesSelector } from '../../src/kubernetes/labels.ts';
import type { Ingress, KubeObject, NamespaceObject, Pod, Service } from '../../src/kubernetes/objects.ts';
import { servicePortsRoutedTo } from '../../src/routes/backends.ts';
import { ingressRoutes } from '../../src/routes/ingress.ts';
import type { RouteInputs } from '../../src/routes/types.ts';
import { terminationFacts } from '../../src/termination/facts.ts';
import type { TerminationFact } from '../../src/termination/types.ts';
import { inputsFrom, loadObjects, named, ofKind } from '../routes/load.ts';

const example = new URL('../../examples/aws-lb-rollout/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';

/** What the explain layer will do for `explain svc/NAME`: its pods, Namespace and Ingresses. */
function factsFor(objects: KubeObject[], serviceName: string): TerminationFact[] {
  const service = named<Service>(objects, 'Service', serviceName);
  const inputs: RouteInputs = inputsFrom(objects);
  const ingresses = ofKind<Ingress>(objects, 'Ingress').flatMap((ingress) => {
    const report = ingressRoutes(ingress, inputs);
    const servicePorts = servicePortsRoutedTo(report, service);
    return servicePorts.length > 0 ? [{ ingress, ingressClass: report.ingressClass!, servicePorts }] : [];
  });
  return terminationFacts({
    service,
    pods: ofKind<Pod>(objects, 'Pod').filter((p) => matchesSelector(p.metadata.labels, service.spec!.selector!)),
    events: ofKind(objects, 'Event'),
    namespace: ofKind<NamespaceObject>(objects, 'Namespace').find((n) => n.metadata.name === service.metadata.namespace) ?? null,
    ingresses,
  });
}

function render(facts: readonly TerminationFact[]): string {
  return facts.map((f) => [`${f.state} ${f.severity} ${f.code}: ${f.subject}`, `  ${f.message}`, ...(f.fix ? [`  fix: ${f.fix}`] : [])].join('\n')).join('\n') + '\n';
}

async function version(name: 'bad' | 'fixed'): Promise<{ objects: KubeObject[]; text: string; facts: TerminationFact[] }> {
  const objects = await loadObjects(new URL(`objects.${name}.yaml`, example));
  const facts = ['svc-nlb-ip-type', 'django-svc'].flatMap((s) => factsFor(objects, s));
  const text = ['svc-nlb-ip-type', 'django-svc'].map((s) => `# service/default/${s}\n${render(factsFor(objects, s))}`).join('\n');
  return { objects, text, facts };
}

function golden(name: string, text: string): void {
  const file = new URL(`./golden/aws-lb-rollout.${name}.txt`, import.meta.url);
  if (update) writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'));
}

describe('examples/aws-lb-rollout', () => {
  it('bad: each fact of seed 004 fires', async () => {
    const { facts, text } = await version('bad');
    const problems = facts.filter((f) => f.state === 'problem').map((f) => `${f.code} ${f.subject}`);
    assert.deepEqual(problems, [
      'NoPreStopDelay pods 2xkzq, hv8wn of deploy-echo-6c7f9d5b4 (container akos-websrv)',
      'GracePeriodShorterThanDeregistration pods 2xkzq, hv8wn of deploy-echo-6c7f9d5b4 behind service/default/svc-nlb-ip-type (NLB, Service port 80)',
      'ReadinessGateNotInjected namespace/default',
      'GracePeriodShorterThanPreStop pods r7wxj, t2ksm of django-55d8f7c9bd (container django)',
      'GracePeriodShorterThanDeregistration pods r7wxj, t2ksm of django-55d8f7c9bd behind ingress/default/django-ingress (ALB, Service port http)',
      'ReadinessGateNotInjected namespace/default',
      'HealthCheckPathMismatch pods r7wxj, t2ksm of django-55d8f7c9bd (container django) behind ingress/default/django-ingress (ALB, Service port http)',
    ]);
    assert.deepEqual(facts.filter((f) => f.state === 'unknown'), []);
    golden('bad', text);
  });

  it('fixed: no fact fires, and none is unknown', async () => {
    const { facts, text } = await version('fixed');
    assert.deepEqual(facts.filter((f) => f.state !== 'ok').map((f) => `${f.code} ${f.subject}`), []);
    const codes = new Set(facts.map((f) => f.code));
    for (const code of ['NoPreStopDelay', 'GracePeriodShorterThanPreStop', 'GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch', 'LoadBalancerIPModeProxy']) {
      assert.ok(codes.has(code as TerminationFact['code']), `${code} was evaluated`);
    }
    golden('fixed', text);
  });

  it('django-ingress sends everything to django-svc port 80 in both versions', async () => {
    for (const name of ['bad', 'fixed'] as const) {
      const { objects } = await version(name);
      const report = ingressRoutes(named<Ingress>(objects, 'Ingress', 'django-ingress'), inputsFrom(objects));
      assert.deepEqual(report.rules.flatMap((r) => r.backends.map((b) => `${r.match} ${b.ref} ${b.share} ${b.resolution.state}`)), ['*/ (Prefix) service/default/django-svc:80 1 resolved']);
      assert.deepEqual([report.findings, report.unknown, report.ingressClass?.annotation], [[], [], 'alb']);
    }
  });
});

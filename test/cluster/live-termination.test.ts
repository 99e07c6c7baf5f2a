/**
 * The termination window live: examples/aws-lb-rollout (seed 004) served by the in-memory API
 * server. The live run reads the namespace's Ingresses, the Namespace (a load balancer is in front)
 * and no IngressClass (the Ingress names its class by annotation), and states the same facts as
 * the files; a snapshot bundle carries them; forbidden Ingresses leave the load balancer facts
 * unknown, never "fine".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { parseObjectsWith } from '../../src/sources/objectfile.ts';
import { runCli } from '../cli/capture.ts';
import { json, requestLines, withLive } from './live.ts';

const BAD = fileURLToPath(new URL('../../examples/aws-lb-rollout/objects.bad.yaml', import.meta.url));
const MEASURED = fileURLToPath(new URL('../scenarios/terminating-measured/objects.yaml', import.meta.url));
const read = (file: string): KubeObject[] => parseObjectsWith(yaml, readFileSync(file, 'utf8'), file).filter((o) => o.kind !== 'TargetGroupBinding');
const objects = (): KubeObject[] => read(BAD);
const facts = (doc: Explanation): string[] => doc.termination.facts.map((f) => `${f.state} ${f.code} ${f.subject}`);

describe('live explain: the termination window', () => {
  it('django-svc: the same facts as from the files, from one more LIST and one GET', async () => {
    const fromFile = json<Explanation>((await runCli(['explain', 'svc/django-svc', '-f', BAD, '-o', 'json'])).stdout);
    await withLive(objects(), async (live) => {
      const r = await live.run(['explain', 'svc/django-svc', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json<Explanation>(r.stdout);
      assert.deepEqual(facts(doc), facts(fromFile));
      assert.deepEqual(doc.findings.filter((f) => f.fix), fromFile.findings.filter((f) => f.fix));
      const lines = requestLines(live.server.requests);
      assert.ok(lines.includes('GET /apis/networking.k8s.io/v1/namespaces/default/ingresses?limit=500'));
      assert.ok(lines.includes('GET /api/v1/namespaces/default'), 'the Namespace, for its readiness-gate label');
      assert.ok(!lines.some((l) => l.includes('ingressclasses')), 'the annotation names the class: no IngressClass read');
    });
  });

  it('snapshot keeps the Namespace and the Ingress (no IngressClass was read): the replay states the same facts', async () => {
    await withLive(objects(), async (live) => {
      const snap = await live.run(['snapshot', 'svc/django-svc']);
      assert.equal(snap.code, 0, snap.stderr);
      const bundle = json<{ items: KubeObject[] }>(snap.stdout);
      assert.deepEqual(bundle.items.filter((i) => ['Namespace', 'Ingress', 'IngressClass'].includes(i.kind ?? '')).map((i) => `${i.kind}/${i.metadata?.name}`), ['Namespace/default', 'Ingress/django-ingress']);
      const replayed = await runCli(['explain', 'svc/django-svc', '-f', '-', '-o', 'json'], { stdin: snap.stdout, env: {} });
      const fromLive = json<Explanation>((await live.run(['explain', 'svc/django-svc', '-o', 'json'])).stdout);
      assert.deepEqual(json(replayed.stdout), fromLive);
    });
  });

  it('Ingresses forbidden: the load balancer facts are unknown and say why; the pod facts still hold', async () => {
    await withLive(objects(), async (live) => {
      live.server.forbid('ingresses');
      const doc = json<Explanation>((await live.run(['explain', 'svc/django-svc', '-o', 'json'])).stdout);
      assert.ok(doc.unknown.some((u) => /^Ingress: forbidden: ingresses.networking.k8s.io is forbidden/.test(u)), doc.unknown.join('\n'));
      const lb = doc.termination.facts.filter((f) => ['GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'].includes(f.code));
      assert.deepEqual(lb.map((f) => f.state), ['unknown', 'unknown', 'unknown']);
      assert.match(lb[0]?.message ?? '', /^Ingress forbidden: /);
      assert.deepEqual(doc.findings.filter((f) => f.fix).map((f) => f.code), ['GracePeriodShorterThanPreStop']);
    });
  });

  it('a pod being deleted: the slice\'s managedFields come through live and through a snapshot bundle, so both measure the same window', async () => {
    await withLive(read(MEASURED), async (live) => {
      const doc = json<Explanation>((await live.run(['explain', 'svc/api', '-o', 'json'])).stdout);
      assert.deepEqual(doc.termination.removals.map((m) => [m.pod, m.notReadyAfterSeconds, m.notReadyTimedBy]), [['api-6c5d8f9b7-xr2lp', 1, 'lastWrite']]);
      assert.deepEqual(doc.termination.preStop.measured ? doc.termination.preStop.seconds : doc.termination.preStop.why, 1);
      const snap = await live.run(['snapshot', 'svc/api']);
      const replayed = json<Explanation>((await runCli(['explain', 'svc/api', '-f', '-', '-o', 'json'], { stdin: snap.stdout, env: {} })).stdout);
      assert.deepEqual(replayed.termination, doc.termination);
    });
  });
});

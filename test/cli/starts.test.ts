/**
 * `explain pod/NAME`, `explain deploy/NAME` (and sts/ds/rs), `explain -l SELECTOR` and
 * `explain svc/a svc/b`: one list document, offline from files and live from the in-memory API
 * server with the narrowest reads, the same answer both ways.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { fixtureObjects, NOT_READY_POD, READY_PODS } from '../apiserver/harness.ts';
import { json, requestLines, withLive } from '../cluster/live.ts';
import { runCli } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'slices-starts-'));
const workload = (kind: string, name: string, matchLabels: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default', uid: `${kind}-${name}` },
  spec: { selector: { matchLabels }, template: { metadata: { labels: matchLabels } } },
});
const service = (name: string, selector: Record<string, string>, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: `svc-${name}`, labels },
  spec: { type: 'ClusterIP', clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'], selector, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] },
});
const lonely: KubeObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-0', namespace: 'default', uid: 'pod-api-0', labels: { app: 'api', tier: 'frontend' } },
  spec: { containers: [{ name: 'api' }] }, status: { phase: 'Running', podIP: '10.244.0.30' },
};
const extra = [
  workload('Deployment', 'web', { app: 'web' }),
  workload('StatefulSet', 'empty', { app: 'nothing-runs' }),
  service('api', { app: 'api', tier: 'backend' }, { team: 'a' }),
  service('web-metrics', { app: 'web' }, { team: 'a' }),
  lonely,
];
const objects = [...fixtureObjects(), ...extra];
const file = join(dir, 'objects.json');
writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

interface ListDoc {
  kind: string;
  apiVersion: string;
  start?: { kind: string; name: string; pods: string[]; selector: string | null; services: string[]; nearMisses: { service: string; difference: string }[] };
  items: { kind: string; service: { name: string }; pods: { name: string }[]; summary: { pods: number } }[];
}

/**
 * The file holds no Ingresses: offline, the Ingress kind and the load balancer facts that depend
 * on it are unknown, where the live run listed the namespace's Ingresses and found none. The rest
 * must be the same.
 */
function withoutFronts(doc: unknown): unknown {
  const items = (doc as { items: Record<string, unknown>[] }).items.map(({ unknown: _u, termination: _t, ...rest }) => rest);
  return { ...(doc as object), items };
}

async function offline(args: string[]): Promise<ListDoc> {
  const r = await runCli(['explain', ...args, '-f', file, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return json<ListDoc>(r.stdout);
}

describe('explain from a pod or a workload', () => {
  it('pod/NAME: every Service selecting the pod, explained for that pod only', async () => {
    const doc = await offline([`pod/${NOT_READY_POD}`]);
    assert.deepEqual([doc.apiVersion, doc.kind], ['kubectl-slices.github.io/v1alpha1', 'ServiceExplanationList']);
    assert.deepEqual(doc.start?.pods, [NOT_READY_POD]);
    // Worst first: both send the pod nothing, but web-metrics has no EndpointSlice at all (a
    // critical finding), web only the one not-ready pod.
    assert.deepEqual(doc.items.map((i) => [i.kind, i.service.name, i.pods.map((p) => p.name)]), [
      ['ServiceExplanation', 'web-metrics', [NOT_READY_POD]],
      ['ServiceExplanation', 'web', [NOT_READY_POD]],
    ]);
    assert.ok(doc.items.every((i) => i.summary.pods === 1), 'counts are the pod\'s, not the Service\'s');
  });

  it('deploy/NAME, po/, deployments.apps/: the workload\'s pods by its selector, short names as kubectl spells them', async () => {
    for (const spelling of ['deploy/web', 'deployment/web', 'deployments.apps/web']) {
      const doc = await offline([spelling]);
      assert.equal(doc.start?.selector, 'app=web');
      assert.deepEqual([...(doc.start?.pods ?? [])].sort(), [...READY_PODS, NOT_READY_POD].sort());
      assert.deepEqual(doc.start?.services, ['default/web-metrics', 'default/web']);
    }
    assert.deepEqual((await offline([`po/${READY_PODS[0]}`])).start?.pods, [READY_PODS[0]]);
  });

  it('a pod no Service selects says so, naming the Service it misses by one label', async () => {
    const doc = await offline(['pod/api-0']);
    assert.deepEqual(doc.items, []);
    assert.deepEqual(doc.start?.services, []);
    assert.deepEqual(doc.start?.nearMisses, [{ service: 'default/api', selector: 'app=api,tier=backend', difference: 'tier=frontend' }]);
    const table = await runCli(['explain', 'pod/api-0', '-f', file, '--color', 'never']);
    assert.equal(table.stdout, 'Pod default/api-0: selected by no Service of namespace default.\nServices that miss it by one label:\n  default/api  selector app=api,tier=backend: tier=frontend\n');
    assert.equal((await runCli(['explain', 'pod/api-0', '-f', file, '--exit-code'])).code, 3, 'no Service sends it traffic');
  });

  it('a workload with no pods is matched by its pod template labels', async () => {
    const r = await runCli(['explain', 'sts/empty', '-f', file, '--color', 'never']);
    assert.equal(r.stdout, 'StatefulSet default/empty: 0 pods (selector app=nothing-runs): selected by no Service of namespace default (matched by its pod template labels).\n');
  });

  it('a pod or workload that is not in the files: one line, exit 1', async () => {
    const r = await runCli(['explain', 'ds/none', '-f', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: daemonset "none" not found in the input files (the input has no DaemonSet)\n');
  });
});

describe('explain several Services at once', () => {
  it('svc/a svc/b: one list, in the order given; the table prints them one after another', async () => {
    const doc = await offline(['svc/web-metrics', 'web']);
    assert.deepEqual(doc.items.map((i) => i.service.name), ['web-metrics', 'web']);
    const table = await runCli(['explain', 'svc/web-metrics', 'web', '-f', file]);
    assert.equal(table.stdout.match(/^Service default\//gm)?.length, 2);
  });

  it('-l SELECTOR: the Services with those labels, worst first; none: kubectl\'s words on stderr and an empty list', async () => {
    const doc = await offline(['-l', 'team=a']);
    assert.deepEqual(doc.items.map((i) => i.service.name), ['web-metrics', 'api']);
    const none = await runCli(['explain', '-l', 'team in (b,c)', '-n', 'default', '-f', file, '-o', 'json']);
    assert.equal(none.stderr, 'No resources found in default namespace.\n');
    assert.deepEqual(json<ListDoc>(none.stdout).items, []);
  });

  it('a name with -l, a pod beside a Service, or nothing at all: usage errors', async () => {
    for (const args of [['web', '-l', 'a=b'], ['pod/x', 'svc/web'], [], ['job/x']]) {
      const r = await runCli(['explain', ...args, '-f', file]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});

describe('live, with the narrowest reads, the same answer as offline', () => {
  it('pod/NAME: GET the pod, LIST the namespace\'s Services, then each selecting Service as explain reads it', () =>
    withLive(objects, async (live) => {
      const r = await live.run(['explain', `pod/${NOT_READY_POD}`, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(withoutFronts(json(r.stdout)), withoutFronts(await offline([`pod/${NOT_READY_POD}`])));
      const lines = requestLines(live.server.requests);
      assert.ok(lines.includes(`GET /api/v1/namespaces/default/pods/${NOT_READY_POD}`), lines.join('\n'));
      assert.ok(lines.includes('GET /api/v1/namespaces/default/services?limit=500'), lines.join('\n'));
      assert.ok(!lines.some((l) => l.includes('/services/api')), 'a Service that does not select the pod is not read');
    }));

  it('deploy/NAME: GET the Deployment, LIST pods by its selector on the server', () =>
    withLive(objects, async (live) => {
      const r = await live.run(['explain', 'deploy/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json<ListDoc>(r.stdout).start, (await offline(['deploy/web'])).start);
      const lines = requestLines(live.server.requests);
      assert.ok(lines.includes('GET /apis/apps/v1/namespaces/default/deployments/web'), lines.join('\n'));
      assert.ok(lines.includes('GET /api/v1/namespaces/default/pods?labelSelector=app=web&limit=500'), lines.join('\n'));
    }));

  it('-l: the server selects the Services', () =>
    withLive(objects, async (live) => {
      const r = await live.run(['explain', '-l', 'team=a', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json<ListDoc>(r.stdout).items.map((i) => i.service.name), ['web-metrics', 'api']);
      assert.ok(requestLines(live.server.requests).includes('GET /api/v1/namespaces/default/services?labelSelector=team=a&limit=500'));
    }));

  it('pod/NAME with EndpointSlices forbidden: the pod is unknown in every Service, for the Service\'s reason, and --exit-code 4', () =>
    withLive(objects, async (live) => {
      live.server.forbid('endpointslices');
      const pod = READY_PODS[0] as string;
      const r = await live.run(['explain', `pod/${pod}`, '-o', 'json', '--exit-code']);
      assert.equal(r.code, 4, r.stderr);
      const doc = json<{ items: { service: { name: string }; pods: { name: string; verdict: string }[]; summary: { unknown: number; unknownBecause: string[] } }[] }>(r.stdout);
      assert.ok(doc.items.length > 0);
      for (const item of doc.items) {
        assert.deepEqual(item.pods.map((p) => [p.name, p.verdict]), [[pod, 'unknown']], item.service.name);
        assert.equal(item.summary.unknown, 1);
        assert.match(item.summary.unknownBecause.join('\n'), /EndpointSlice/);
      }
    }));

  it('a pod that does not exist: one line naming it and the namespace', () =>
    withLive(objects, async (live) => {
      const r = await live.run(['explain', 'pod/nope']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: pod "nope" not found in namespace "default"\n');
    }));
});

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { FIXTURE, fixtureObjects, NOT_READY_POD } from '../apiserver/harness.ts';
import { runCli } from '../cli/capture.ts';
import { iptablesSave } from './iptables.ts';
import { json, requestLines, withLive } from './live.ts';

const explainJson = (text: string) => json<Explanation>(text);

/**
 * The file holds no Ingresses, so `-f` reports the Ingress kind (and what depends on it) unknown,
 * where the live run listed the namespace's Ingresses and found none that name the Service: the
 * two documents agree on everything else.
 */
function withoutFronts(doc: Explanation): Omit<Explanation, 'unknown' | 'termination'> {
  const { unknown: _unknown, termination: _termination, ...rest } = doc;
  return rest;
}

describe('live explain: the same answer as the files', () => {
  it('explaining svc/web from the API server gives the same JSON as explaining the captured objects from a file', async () => {
    const fromFile = await runCli(['explain', 'svc/web', '-f', FIXTURE, '-o', 'json']);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const fromLive = explainJson(r.stdout);
      assert.deepEqual(withoutFronts(fromLive), withoutFronts(explainJson(fromFile.stdout)));
      assert.deepEqual(fromLive.unknown, [], 'live: every kind was read');
      assert.deepEqual(explainJson(fromFile.stdout).unknown, ['Namespace: not in the input files', 'Ingress: not in the input files', 'IngressClass: not in the input files']);
      assert.deepEqual(fromLive.termination.facts.filter((f) => f.state === 'unknown'), [], 'live: the Ingresses were read, so no load balancer fact is unknown');
      assert.match(JSON.stringify(explainJson(r.stdout).pods), /76x: \\"cat: can't open '\/tmp\/healthy'/, "the kubelet's own words are quoted");
    });
  });

  it('the table names the pod that gets no traffic and quotes its failing probe', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'web']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 of 3 pods receive traffic\./);
      assert.match(r.stdout, /tz4wd\s+NO TRAFFIC\s+False\s+not-ready/);
      assert.match(r.stdout, /tz4wd: readiness probe "cat \/tmp\/healthy" failing \(76x: "cat: can't open '\/tmp\/healthy'/);
    });
  });

  it('--iptables dumps join the live objects: the ready pods share the KUBE-SVC chain, the failing pod has no rule', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const dump = join(live.dir, 'node-a.txt');
      writeFileSync(dump, iptablesSave('default/web:http', '10.96.120.15', 80, ['10.244.1.12:8080', '10.244.2.7:8080']));
      const r = await live.run(['explain', 'svc/web', '--iptables', `node-a=${dump}`, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = explainJson(r.stdout);
      assert.deepEqual(doc.nodes, ['node-a']);
      const byName = new Map(doc.pods.map((p) => [p.name, p]));
      assert.equal(byName.get('web-5d8f7c9b6-x2x7k')?.dataplane[0]?.share, 0.5);
      assert.equal(byName.get(NOT_READY_POD)?.dataplane[0]?.rule, 'absent');
      const fromFile = await runCli(['explain', 'svc/web', '-f', FIXTURE, '--iptables', `node-a=${dump}`, '-o', 'json']);
      assert.deepEqual(withoutFronts(doc), withoutFronts(explainJson(fromFile.stdout)));
    });
  });

  it('--exit-code exits 3 in live mode when a selected pod gets no traffic', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'svc/web', '--exit-code']);
      assert.equal(r.code, 3, r.stderr);
    });
  });
});

describe('live explain: the requests it makes', () => {
  it('makes eight narrow GETs: the Service, its slices by label, its Endpoints, pods by selector, two nodes, one pod\'s warning events, the namespace\'s Ingresses', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(live.server.requests.every((q) => q.method === 'GET' && !q.watch), 'read-only: GET, no watch');
      assert.deepEqual(requestLines(live.server.requests).sort(), [
        'GET /api/v1/namespaces/default/endpoints/web',
        `GET /api/v1/namespaces/default/events?fieldSelector=involvedObject.kind=Pod,type=Warning,involvedObject.name=${NOT_READY_POD},involvedObject.uid=e2a4c6e8-1f3b-4d5f-9c8e-7a6b5c4d3e74&limit=500`,
        'GET /api/v1/namespaces/default/pods?labelSelector=app=web&limit=500',
        'GET /api/v1/namespaces/default/services/web',
        'GET /api/v1/nodes/node-a',
        'GET /api/v1/nodes/node-b',
        'GET /apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name=web&limit=500',
        'GET /apis/networking.k8s.io/v1/namespaces/default/ingresses?limit=500',
      ]);
      assert.match(live.server.requests[0]?.userAgent ?? '', /^kubectl-slices\/\S+ \(linux\//);
    });
  });

  it('a pod relabelled out of the selector but still named by an endpoint is fetched by name and shown as not selected', async () => {
    const objects = fixtureObjects().map((o) => (o.kind === 'Pod' && o.metadata?.name === NOT_READY_POD ? relabel(o, { app: 'web-debug' }) : o));
    await withLive(objects, async (live) => {
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(requestLines(live.server.requests).includes(`GET /api/v1/namespaces/default/pods/${NOT_READY_POD}`));
      const pod = explainJson(r.stdout).pods.find((p) => p.name === NOT_READY_POD);
      assert.equal(pod?.selected, false);
      assert.ok(pod?.reasons.some((reason) => reason.code === 'NotSelected'), JSON.stringify(pod?.reasons));
    });
  });

  it('a Service without a selector lists no pods at all', async () => {
    const objects = fixtureObjects().map((o) => (o.kind === 'Service' ? { ...o, spec: { ...(o.spec as object), selector: undefined } } : o));
    await withLive(objects, async (live) => {
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!requestLines(live.server.requests).some((l) => l.includes('/pods?')), 'no pod LIST');
      assert.ok(explainJson(r.stdout).findings.some((f) => f.code === 'NoSelector'));
    });
  });

  it('a missing Service is one line naming it and its namespace', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'svc/api', '-n', 'shop']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: service "api" not found in namespace "shop"\n');
    });
  });

  it("-n defaults to the context's namespace", async () => {
    const objects = fixtureObjects().map((o) => (o.metadata?.namespace === 'default' ? { ...o, metadata: { ...o.metadata, namespace: 'shop' } } : o));
    await withLive(objects, async (live) => {
      live.server.writeKubeconfig(live.kubeconfig, { namespace: 'shop' });
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Service shop\/web/);
    });
  });
});

describe('live explain: what RBAC forbids is named, the rest is explained', () => {
  it('403 on pods: the output names the forbidden resource and still explains the slices', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('pods');
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = explainJson(r.stdout);
      assert.equal(doc.unknown.length, 1);
      assert.match(doc.unknown[0] ?? '', /^Pod: forbidden: pods is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "pods"/);
      assert.ok(doc.findings.some((f) => f.code === 'ResourceUnknown' && /pod readiness is unknown/.test(f.message)));
      assert.deepEqual(doc.pods.map((p) => [p.name, p.endpoint?.ready]).sort(), [['web-5d8f7c9b6-9pqrm', true], [NOT_READY_POD, false], ['web-5d8f7c9b6-x2x7k', true]]);
      const table = await live.run(['explain', 'svc/web']);
      assert.match(table.stdout, /ResourceUnknown: Pod forbidden: pods is forbidden/);
    });
  });

  it('403 on endpointslices: every pod unknown and why, SLICE ?, never "absent" or an outage; --exit-code 4', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('endpointslices');
      const r = await live.run(['explain', 'svc/web', '--exit-code']);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stdout, /^3 pods; whether they receive traffic is unknown: EndpointSlices forbidden: endpointslices\.discovery\.k8s\.io is forbidden/m);
      assert.match(r.stdout, /^tz4wd\s+unknown\s+False\s+\?\s+notReady$/m);
      assert.doesNotMatch(r.stdout, /absent|Why not:|no reason found/);
      const doc = explainJson((await live.run(['explain', 'svc/web', '-o', 'json'])).stdout);
      assert.deepEqual([doc.summary.receiving, doc.summary.notReceiving, doc.summary.unknown], [0, 0, 3]);
      assert.ok(doc.pods.every((p) => p.verdict === 'unknown' && p.sliceMembership === 'unknown'));
    });
  });

  it('403 on events: the verdict has no kubelet quote, and a finding says probe failures are not quoted', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('events');
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = explainJson(r.stdout);
      const failing = doc.pods.find((p) => p.name === NOT_READY_POD);
      assert.equal(failing?.verdict, 'none');
      assert.doesNotMatch(JSON.stringify(failing?.reasons), /can't open/);
      const finding = doc.findings.find((f) => f.code === 'ResourceUnknown');
      assert.equal(finding?.severity, 'info');
      assert.match(finding?.message ?? '', /^Event forbidden: events is forbidden: .*: probe failures are not quoted$/);
    });
  });

  it('403 on nodes (cluster-scoped, rarely granted): explained, with nodes named unknown', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('nodes');
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(explainJson(r.stdout).unknown.join('\n'), /^Node: forbidden: nodes "node-[ab]" is forbidden/);
    });
  });

  it('403 on the Service itself is an error that says which permission is missing', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('services');
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: services "web" is forbidden: .*: kubectl slices needs at least get on services in namespace "default"/);
    });
  });
});

function relabel(obj: KubeObject, labels: Record<string, string>): Pod {
  const pod = obj as Pod;
  return { ...pod, metadata: { ...pod.metadata, labels } };
}

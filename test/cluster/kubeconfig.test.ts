import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { dump, load } from 'js-yaml';
import { connect } from '../../src/sources/cluster/connect.ts';
import { fetchServiceObjects } from '../../src/sources/cluster/fetch.ts';
import { fixtureObjects } from '../apiserver/harness.ts';
import { runCli } from '../cli/capture.ts';
import { assertOneLineError, withLive } from './live.ts';

interface KubeconfigDoc {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  'current-context'?: string;
}

/** The server's kubeconfig with every name (context, cluster, user) renamed, and the server URL replaced when given. */
function renamed(yaml: string, name: string, server?: string): KubeconfigDoc {
  const doc = load(yaml) as KubeconfigDoc;
  for (const list of [doc.clusters, doc.contexts, doc.users]) for (const entry of list) entry.name = name;
  for (const c of doc.contexts) Object.assign(c.context, { cluster: name, user: name });
  if (server) for (const c of doc.clusters) c.cluster.server = server;
  doc['current-context'] = name;
  return doc;
}

describe('kubeconfig: kubectl conventions', () => {
  it('an unknown --context is an error naming the contexts that exist', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await live.run(['explain', 'svc/web', '--context', 'prod']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: context "prod" does not exist in kubeconfig (contexts: test-apiserver)\n');
      assert.equal(live.server.requests.length, 0, 'no request before the context is known to exist');
    });
  });

  it('no kubeconfig anywhere (empty HOME, no KUBECONFIG, not in a pod): an error, not a request to localhost:8080', async () => {
    const home = mkdtempSync(join(tmpdir(), 'slices-home-'));
    const r = await runCli(['explain', 'svc/web'], { env: { HOME: home } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: no kubeconfig: set KUBECONFIG, pass --kubeconfig, or run inside a cluster\n');
  });

  it('~/.kube/config is used when neither --kubeconfig nor KUBECONFIG is given', async () => {
    await withLive(fixtureObjects(), async (live) => {
      mkdirSync(join(live.dir, '.kube'));
      live.server.writeKubeconfig(join(live.dir, '.kube', 'config'));
      const r = await runCli(['explain', 'svc/web'], { env: { HOME: live.dir } });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 of 3 pods receive traffic/);
    });
  });

  it('--kubeconfig naming a missing file is an error naming it', async () => {
    const r = await runCli(['explain', 'svc/web', '--kubeconfig', '/nonexistent/config'], { env: {} });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: --kubeconfig /nonexistent/config: no such file\n');
  });

  it('KUBECONFIG with two files: merged, the first file\'s current-context wins, missing files are skipped', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const first = join(live.dir, 'first.yaml');
      const second = join(live.dir, 'second.yaml');
      writeFileSync(first, dump(renamed(live.server.kubeconfigYaml(), 'staging', 'http://127.0.0.1:1')));
      writeFileSync(second, dump(renamed(live.server.kubeconfigYaml(), 'prod')));
      const env = { HOME: live.dir, KUBECONFIG: [first, join(live.dir, 'missing.yaml'), second].join(delimiter) };
      const viaProd = await runCli(['explain', 'svc/web', '--context', 'prod'], { env });
      assert.equal(viaProd.code, 0, viaProd.stderr);
      const viaCurrent = await runCli(['explain', 'svc/web'], { env });
      assert.equal(viaCurrent.code, 1);
      assertOneLineError(viaCurrent.stderr, /cannot connect to the API server http:\/\/127\.0\.0\.1:1 \(context "staging"\)/);
      const unknown = await runCli(['explain', 'svc/web', '--context', 'dev'], { env });
      assert.equal(unknown.stderr, 'error: context "dev" does not exist in kubeconfig (contexts: staging, prod)\n');
    });
  });

  it('a name defined in two KUBECONFIG files keeps the first definition, as kubectl does (client-node would throw "Duplicate cluster")', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const first = join(live.dir, 'first.yaml');
      const second = join(live.dir, 'second.yaml');
      writeFileSync(first, dump(renamed(live.server.kubeconfigYaml(), 'prod')));
      writeFileSync(second, dump(renamed(live.server.kubeconfigYaml(), 'prod', 'http://127.0.0.1:1')));
      const r = await runCli(['explain', 'svc/web'], { env: { KUBECONFIG: [first, second].join(delimiter) } });
      assert.equal(r.code, 0, r.stderr);
    });
  });

  it('a server without a scheme is HTTPS, as client-go reads it; a non-HTTP scheme is refused by name', async () => {
    await withLive(fixtureObjects(), async (live) => {
      assert.ok(live.server.https, 'openssl is needed for the HTTPS server');
      const doc = load(live.server.kubeconfigYaml()) as KubeconfigDoc;
      const cluster = doc.clusters[0]?.cluster ?? {};
      cluster.server = live.server.url.replace('https://', '');
      writeFileSync(live.kubeconfig, dump(doc));
      const ok = await live.run(['explain', 'svc/web']);
      assert.equal(ok.code, 0, ok.stderr);
      cluster.server = 'ftp://127.0.0.1:1';
      writeFileSync(live.kubeconfig, dump(doc));
      const bad = await live.run(['explain', 'svc/web']);
      assert.equal(bad.code, 1);
      assertOneLineError(bad.stderr, /server "ftp:\/\/127\.0\.0\.1:1" of cluster "test-apiserver" in kubeconfig .* is not an https:\/\/ \(or http:\/\/\) URL/);
    }, { https: true });
  });

  it('-f with --context is a usage error: files and a cluster are two different sources', async () => {
    const r = await runCli(['explain', 'svc/web', '-f', 'objects.json', '--context', 'prod'], { env: {} });
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, /--context select a cluster, but -f reads files/);
  });
});

describe('in-cluster config: the pod\'s service account', () => {
  it('KUBERNETES_SERVICE_HOST/PORT, the mounted token and CA, and the namespace file make a working connection', async () => {
    await withLive(fixtureObjects(), async (live) => {
      assert.ok(live.server.https && live.server.ca, 'openssl is needed for the HTTPS server');
      const sa = join(live.dir, 'serviceaccount');
      mkdirSync(sa);
      writeFileSync(join(sa, 'token'), 'sa-token');
      writeFileSync(join(sa, 'ca.crt'), live.server.ca);
      writeFileSync(join(sa, 'namespace'), 'default\n');
      const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(live.server.port) };
      const cluster = await connect({ env, serviceAccountDir: sa, timeoutMs: 5000, userAgent: 'test' });
      try {
        assert.equal(cluster.target.context, 'in-cluster');
        assert.equal(cluster.namespace, 'default');
        const fetched = await fetchServiceObjects(cluster.client, { namespace: cluster.namespace, name: 'web' });
        assert.ok(fetched.objects.some((o) => o.kind === 'Service'));
        assert.ok(live.server.requests.every((q) => q.authorization === 'Bearer sa-token'));
      } finally {
        cluster.client.close();
      }
    }, { https: true, token: 'sa-token' });
  });
});

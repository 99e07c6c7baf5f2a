import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dump, load } from 'js-yaml';
import { fixtureObjects } from '../apiserver/harness.ts';
import { startApiServer } from '../apiserver/server.ts';
import { runCli } from '../cli/capture.ts';
import { assertOneLineError, json, withLive, type Live } from './live.ts';

describe('live explain: a misbehaving API server is one line naming it, within --request-timeout', () => {
  it('500 on the pod list: one line with the server, the request and the status', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/pods$/, kind: 'status500' });
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, new RegExp(`the API server ${live.server.url} \\(context "test-apiserver"\\) answered 500 InternalError to GET /api/v1/namespaces/default/pods: Internal error occurred: injected fault; retry`));
    });
  });

  it('a connection closed without an answer: one line saying so', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /endpointslices/, kind: 'close' });
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /the API server http:\/\/127\.0\.0\.1:\d+ \(context "test-apiserver"\) closed the connection during GET \/apis\/discovery\.k8s\.io\/v1\/namespaces\/default\/endpointslices/);
    });
  });

  // The stall never ends: that the command returns at all shows the timeout fired, and the message
  // says which one. Only a lower bound is checked (load can only make it later, never earlier).
  // The pod list is the answer itself, so its timeout (after one retry) fails the command.
  it('a stalled pod list with --request-timeout 1s fails after two tries of a second, not never', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/pods$/, kind: 'stall' });
      const started = Date.now();
      const r = await live.run(['explain', 'svc/web', '--request-timeout', '1s']);
      const elapsed = Date.now() - started;
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /did not answer GET \/api\/v1\/namespaces\/default\/pods within 1s \(--request-timeout\)/);
      assert.ok(elapsed >= 1800, `took ${elapsed} ms`);
      assert.equal(podLists(live), 2, 'tried twice');
    });
  });

  it('--request-timeout takes kubectl\'s forms: bare seconds, 500ms; garbage is a usage error', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/services\/web$/, kind: 'stall' });
      const r = await live.run(['explain', 'svc/web', '--request-timeout', '500ms']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /within 500ms/);
      const bad = await live.run(['explain', 'svc/web', '--request-timeout', 'soon']);
      assert.equal(bad.code, 2);
      assertOneLineError(bad.stderr, /invalid --request-timeout "soon"/);
    });
  });

  it('one transient 500 on the pod list is retried: the answer is whole', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/pods$/, kind: 'status500', times: 1 });
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json<{ unknown: string[] }>(r.stdout).unknown, []);
      assert.equal(podLists(live), 2);
    });
  });

  it('optional lookups that keep failing degrade like a 403: Nodes answering 500 twice are unknown, with the status', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/nodes\//, kind: 'status500' });
      const r = await live.run(['explain', 'svc/web', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json<{ unknown: string[] }>(r.stdout).unknown, ['Node: could not be read (failed twice): 500 InternalError: Internal error occurred: injected fault']);
      const table = await live.run(['explain', 'svc/web']);
      assert.match(table.stdout, /Node could not be read \(failed twice\): 500 InternalError/);
    });
  });

  it('Endpoints that never answer: unknown after two timeouts, and the rest of the answer is given', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ path: /\/endpoints\/web$/, kind: 'stall' });
      const r = await live.run(['explain', 'svc/web', '-o', 'json', '--request-timeout', '1s']);
      assert.equal(r.code, 0, r.stderr);
      const doc = json<{ unknown: string[]; summary: { receiving: number } }>(r.stdout);
      assert.match(doc.unknown.join('\n'), /^Endpoints: could not be read \(failed twice\): .*did not answer GET \/api\/v1\/namespaces\/default\/endpoints\/web within 1s/);
      assert.ok(doc.summary.receiving > 0, 'the slices still say who receives traffic');
    });
  });

  it('a server that answers 404 to everything is named as no Kubernetes API server, not a missing Service', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.fault({ kind: 'notKubernetes' });
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /answered 404 to GET \/api\/v1\/namespaces\/default\/services\/web and is not a Kubernetes API server \(GET \/api failed too .*\): check "server" in your kubeconfig/);
      live.server.clearFaults();
      const real = await live.run(['explain', 'svc/nope']);
      assertOneLineError(real.stderr, /^error: service "nope" not found in namespace "default"$/);
    });
  });

  it('an object of the wrong shape from the wire is one line naming it and the field, as from a file', async () => {
    const objects = fixtureObjects().map((o) => (o.kind === 'Pod' ? { ...o, status: { ...(o as { status?: object }).status, conditions: 'Ready' } } : o));
    await withLive(objects, async (live) => {
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /^error: the API server served Pod default\/[a-z0-9-]+ with status\.conditions is a string, not a list$/);
    });
  });

  it('a server that is not listening: connection refused, and which kubeconfig field to check', async () => {
    const server = await startApiServer({ objects: [] });
    await withLive(fixtureObjects(), async (live) => {
      const dead = server.url;
      await server.close();
      writeFileSync(live.kubeconfig, live.server.kubeconfigYaml().replace(live.server.url, dead));
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, new RegExp(`cannot connect to the API server ${dead} \\(context "test-apiserver"\\): connection refused; is the cluster up\\? check "server" of cluster "test-apiserver"`));
    });
  });

  it('401: the credentials of the user are named as rejected', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const config = load(live.server.kubeconfigYaml()) as { users: { user: Record<string, unknown> }[] };
      if (config.users[0]) config.users[0].user = { token: 'expired' };
      writeFileSync(live.kubeconfig, dump(config));
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /rejected the credentials of user "test-apiserver" \(401 Unauthorized\): log in again/);
    }, { token: 's3cret' });
  });

  it('HTTPS with the cluster CA and a bearer token works; without the CA it is a TLS error naming certificate-authority', async () => {
    await withLive(fixtureObjects(), async (live) => {
      assert.ok(live.server.https, 'openssl is needed for the HTTPS server');
      const ok = await live.run(['explain', 'svc/web']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(live.server.requests.every((q) => q.authorization === 'Bearer s3cret'));
      const config = load(live.server.kubeconfigYaml()) as { clusters: { cluster: Record<string, unknown> }[] };
      delete config.clusters[0]?.cluster['certificate-authority-data'];
      writeFileSync(live.kubeconfig, dump(config));
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /^error: TLS failure with the API server https:\/\/127\.0\.0\.1:\d+ \(context "test-apiserver"\): .*check certificate-authority\(-data\) of cluster "test-apiserver"/);
    }, { https: true, token: 's3cret' });
  });

  it('an exec credential plugin supplies the token, as client-node runs it', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const plugin = join(live.dir, 'get-token.sh');
      writeFileSync(plugin, '#!/bin/sh\necho \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}\'\n', { mode: 0o755 });
      const config = load(live.server.kubeconfigYaml()) as { users: { user: Record<string, unknown> }[] };
      if (config.users[0]) config.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
      writeFileSync(live.kubeconfig, dump(config));
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(live.server.requests[0]?.authorization, 'Bearer from-plugin');
      if (config.users[0]) config.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: join(live.dir, 'no-such-plugin') } };
      writeFileSync(live.kubeconfig, dump(config));
      const missing = await live.run(['explain', 'svc/web']);
      assert.equal(missing.code, 1);
      assertOneLineError(missing.stderr, /cannot get credentials for user "test-apiserver" of context "test-apiserver": credential plugin ".*no-such-plugin" not found/);
    }, { token: 'from-plugin' });
  });

  it("an exec plugin's token the server no longer takes: the plugin is run again once its credential has expired, and the request tried once more", async () => {
    await withLive(fixtureObjects(), async (live) => {
      // The first run prints a token the server refuses; every later run, the one it takes.
      const runs = join(live.dir, 'runs');
      const plugin = join(live.dir, 'get-token.sh');
      const credential = '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"2000-01-01T00:00:00Z"}}';
      writeFileSync(plugin, `#!/bin/sh\nif [ -e '${runs}' ]; then t=fresh; else t=stale; touch '${runs}'; fi\nprintf '${credential}' "$t"\n`, { mode: 0o755 });
      const config = load(live.server.kubeconfigYaml()) as { users: { user: Record<string, unknown> }[] };
      if (config.users[0]) config.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
      writeFileSync(live.kubeconfig, dump(config));
      const r = await live.run(['explain', 'svc/web']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([...new Set(live.server.requests.map((q) => `${q.authorization} ${q.status}`))].slice(0, 2), ['Bearer stale 401', 'Bearer fresh 200']);
    }, { token: 'fresh' });
  });

  it('no stack trace for any of them, even with a file that is not a kubeconfig', async () => {
    await withLive(fixtureObjects(), async (live) => {
      writeFileSync(live.kubeconfig, ': not yaml : [');
      const r = await runCli(['explain', 'svc/web', '--kubeconfig', live.kubeconfig]);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, /^error: kubeconfig .*:1: invalid YAML: /);
    });
  });
});

function podLists(live: Live): number {
  return live.server.requests.filter((q) => q.path === '/api/v1/namespaces/default/pods').length;
}

/**
 * Every kubectl connection and identity flag, against the in-memory API server (HTTPS, a bearer
 * token it checks, client certificates it asks for), run through the real kubectl (v1.32) and
 * through us with the same kubeconfig and the same flags: both succeed or both fail, and what
 * reached the server is the same (Authorization, impersonation headers, Accept-Encoding, the
 * client certificate's CN).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dump } from 'js-yaml';
import { withServer } from '../apiserver/harness.ts';
import { Kubectl } from '../apiserver/kubectl.ts';
import type { ApiServer, RequestLogEntry } from '../apiserver/server.ts';
import { runCli } from '../cli/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'slices-identity-'));
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A kubeconfig with several clusters and users, so --cluster and --user have something to pick. */
function kubeconfigFor(server: ApiServer): string {
  const tls = server.tls;
  assert.ok(tls, 'openssl is available here, so the server speaks TLS');
  const ca = b64(tls.ca);
  const port = new URL(server.url).port;
  const config = {
    apiVersion: 'v1', kind: 'Config', 'current-context': 'ctx',
    clusters: [
      { name: 'main', cluster: { server: server.url, 'certificate-authority-data': ca } },
      { name: 'down', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': ca } },
      { name: 'untrusted', cluster: { server: server.url } },
    ],
    users: [
      { name: 'good', user: { token: 'good' } },
      { name: 'bad', user: { token: 'bad' } },
      { name: 'cert', user: { token: 'good', 'client-certificate-data': b64(tls.clientCert), 'client-key-data': b64(tls.clientKey) } },
    ],
    contexts: [{ name: 'ctx', context: { cluster: 'main', user: 'good' } }],
  };
  writeFileSync(join(dir, 'ca.crt'), tls.ca);
  writeFileSync(join(dir, 'client.crt'), tls.clientCert);
  writeFileSync(join(dir, 'client.key'), tls.clientKey);
  writeFileSync(join(dir, 'port'), port);
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, dump(config), { mode: 0o600 });
  return path;
}

const CASES: { name: string; flags: (server: ApiServer) => string[] }[] = [
  { name: 'no flag: the context\'s cluster and user', flags: () => [] },
  { name: '--as, --as-group twice, --as-uid', flags: () => ['--as', 'jane', '--as-group', 'dev', '--as-group', 'ops', '--as-uid', '42'] },
  { name: '--as-group without --as', flags: () => ['--as-group', 'dev'] },
  { name: '--disable-compression', flags: () => ['--disable-compression'] },
  { name: '--token over the kubeconfig user\'s', flags: () => ['--token', 'bad'] },
  { name: '--user picks another user', flags: () => ['--user', 'bad'] },
  { name: '--user with a client certificate', flags: () => ['--user', 'cert'] },
  { name: '--client-certificate and --client-key', flags: () => ['--client-certificate', join(dir, 'client.crt'), '--client-key', join(dir, 'client.key')] },
  { name: '--cluster picks another cluster (down)', flags: () => ['--cluster', 'down'] },
  { name: '--server over the cluster\'s', flags: (s) => ['--cluster', 'down', '--server', s.url] },
  { name: '-s with a host name the certificate names', flags: (s) => ['-s', s.url.replace('127.0.0.1', 'localhost')] },
  { name: '--tls-server-name the certificate does not name', flags: () => ['--tls-server-name', 'wrong.example'] },
  { name: '--tls-server-name the certificate names', flags: () => ['--tls-server-name', 'localhost'] },
  { name: 'a cluster without a CA', flags: () => ['--cluster', 'untrusted'] },
  { name: '--insecure-skip-tls-verify', flags: () => ['--cluster', 'untrusted', '--insecure-skip-tls-verify'] },
  { name: '--certificate-authority', flags: () => ['--cluster', 'untrusted', '--certificate-authority', join(dir, 'ca.crt')] },
  { name: '--user that does not exist', flags: () => ['--user', 'nobody'] },
];

/** What reached the server, request by request (discovery aside), as one comparable value. */
function seen(requests: readonly RequestLogEntry[], pathPart: string): string[] {
  return [...new Set(requests.filter((r) => r.path.includes(pathPart)).map((r) => JSON.stringify({ authorization: r.authorization, impersonate: r.impersonate, acceptEncoding: r.acceptEncoding, clientCertificate: r.clientCertificate })))];
}

describe('connection and identity flags: what kubectl sends, we send', { timeout: 600_000 }, () => {
  it('for every flag, against the same server and kubeconfig', () =>
    withServer({ https: true, token: 'good', clientCertificates: true }, async (server) => {
      const kubeconfig = kubeconfigFor(server);
      const kubectl = new Kubectl(server);
      try {
        for (const c of CASES) {
          const flags = c.flags(server);
          server.resetRequests();
          const theirs = await kubectl.run(['--kubeconfig', kubeconfig, 'get', 'pods', '-o', 'name', ...flags]);
          const theirRequests = seen(server.requests, '/pods');
          server.resetRequests();
          const ours = await runCli(['explain', 'svc/web', '-o', 'name', '--kubeconfig', kubeconfig, ...flags], { env: { HOME: dir } });
          const ourRequests = seen(server.requests, '/api/v1/namespaces/default/');
          assert.equal(ours.code === 0, theirs.code === 0, `${c.name}: kubectl exit ${theirs.code} (${theirs.stderr.trim()}), ours ${ours.code} (${ours.stderr.trim()})`);
          assert.ok(ourRequests.length <= 1, `${c.name}: every request the same: ${ourRequests.join(' | ')}`);
          assert.deepEqual(ourRequests, theirRequests, c.name);
        }
      } finally {
        kubectl.cleanup();
      }
    }));
});

describe('connection flags without a kubeconfig', () => {
  it('--server, --token and --certificate-authority alone reach the server, as with kubectl', () =>
    withServer({ https: true, token: 'good' }, async (server) => {
      const empty = mkdtempSync(join(tmpdir(), 'slices-nokubeconfig-'));
      writeFileSync(join(empty, 'ca.crt'), server.tls?.ca ?? '');
      const r = await runCli(['explain', 'svc/web', '-o', 'name', '--server', server.url, '--token', 'good', '--certificate-authority', join(empty, 'ca.crt')], { env: { HOME: empty } });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(server.requests.length > 0 && server.requests.every((q) => q.authorization === 'Bearer good'));
      const wrong = await runCli(['explain', 'svc/web', '--server', server.url, '--token', 'nope', '--insecure-skip-tls-verify'], { env: { HOME: empty } });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /^error: the API server https:\/\/127\.0\.0\.1:\d+ \(context ""\) rejected the token given with --token \(401 Unauthorized\)\n$/);
    }));

  it('connection flags with -f are a usage error: they pick a cluster, -f reads files', async () => {
    const r = await runCli(['explain', 'svc/web', '-f', 'examples/readiness-drill/objects.yaml', '--as', 'jane', '--token', 't']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: --token, --as select a cluster, but -f reads files/);
  });
});

describe('a watch acts as the same identity', () => {
  it('its lists and watch streams carry the impersonation headers and honour --disable-compression', () =>
    withServer({ https: true, token: 'good' }, async (server) => {
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slices-watch-identity-')), 'kubeconfig');
      server.writeKubeconfig(kubeconfig);
      const r = await runCli(['watch', 'svc/web', '--for', '1s', '-o', 'json', '--kubeconfig', kubeconfig, '--as', 'jane', '--as-group', 'dev', '--disable-compression'], { env: { HOME: dir } });
      assert.equal(r.code, 0, r.stderr);
      const reads = server.requests.filter((q) => q.path.startsWith('/api') || q.path.startsWith('/apis'));
      assert.ok(reads.some((q) => q.watch), 'the watch streams were opened');
      for (const q of reads) {
        assert.deepEqual(q.impersonate, { user: 'jane', groups: ['dev'] }, `${q.path}`);
        assert.equal(q.acceptEncoding, undefined, q.path);
      }
    }));
});

/**
 * Kubeconfigs (issue 13): a YAML error never echoes the credentials around it, `tokenFile` is
 * honoured as kubectl honours it (the real kubectl is run on the same file), and every auth field
 * kubectl knows is either used or refused by name, never ignored with the blame put on the user.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixtureObjects } from '../apiserver/harness.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { runCli } from '../cli/capture.ts';
import { assertOneLineError } from '../cluster/live.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXNlcnZpY2UtYWNjb3VudA.S3CR3T-b34r3r-t0k3n';
const dir = mkdtempSync(join(tmpdir(), 'slices-hostile-kubeconfig-'));

interface Config {
  cluster: Record<string, unknown>;
  user: Record<string, unknown>;
}

/** A kubeconfig for `server` in its own folder, so relative paths resolve against that folder. */
function kubeconfig(name: string, server: ApiServer, { cluster = {}, user = {} }: Partial<Config>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const caFields = server.ca ? { 'certificate-authority-data': Buffer.from(server.ca).toString('base64') } : {};
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: server.url, ...caFields, ...cluster } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
    'current-context': 'x',
  };
  const path = join(folder, 'config');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

async function withServer<T>(options: { https?: boolean; token?: string }, fn: (server: ApiServer) => Promise<T>): Promise<T> {
  const server = await startApiServer({ objects: fixtureObjects(), ...options });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

const explain = (path: string) => runCli(['explain', 'svc/web', '--kubeconfig', path], { env: { HOME: dir } });

/** The real kubectl (v1.32) on the same kubeconfig. */
async function kubectlGet(path: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)('kubectl', ['get', 'svc', 'web', '-o', 'name', '--kubeconfig', path], { env: { PATH: process.env.PATH, HOME: dir }, timeout: 20_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? 1, out: e.stderr ?? '' };
  }
}

describe('a YAML error in a kubeconfig: file, line and reason, never the credentials', () => {
  const broken = [
    'apiVersion: v1',
    'kind: Config',
    'users:',
    '- name: admin',
    '  user:',
    `    token: ${TOKEN}`,
    '    client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t',
    '   username: admin', // one space short: the error is on this line
    'contexts: []',
    '',
  ].join('\n');

  it('a bad indentation next to a bearer token names the line and says nothing of the token (js-yaml quoted the lines around it)', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, broken);
    const r = await runCli(['explain', 'svc/web', '--kubeconfig', path], { env: { HOME: dir } });
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /^error: kubeconfig .*broken\.yaml:8: invalid YAML: [a-z ]+$/);
    for (const secret of [TOKEN, 'S3CR3T', 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', 'admin']) assert.ok(!r.stderr.includes(secret), `leaked ${secret}`);
  });

  it('a field of the wrong type is named, its value is not printed', async () => {
    const path = join(dir, 'typed.yaml');
    writeFileSync(path, broken.replace('   username: admin', '    username: [admin, 12345678]'));
    const r = await runCli(['explain', 'svc/web', '--kubeconfig', path], { env: { HOME: dir } });
    assertOneLineError(r.stderr, /typed\.yaml: users\[0\]\.user\.username is a list, not a string$/);
    assert.ok(!r.stderr.includes(TOKEN) && !r.stderr.includes('12345678'));
  });

  it('an alias bomb in a kubeconfig is refused like one in an object file', async () => {
    const path = join(dir, 'bomb.yaml');
    const lines = ['apiVersion: v1', 'kind: Config', 'preferences:', '  a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const r = await runCli(['explain', 'svc/web', '--kubeconfig', path], { env: { HOME: dir } });
    assertOneLineError(r.stderr, /bomb\.yaml: excessive aliasing/);
  });
});

describe('tokenFile, as kubectl reads it', () => {
  it('a user with only a tokenFile (relative to the kubeconfig, with a trailing newline) is authenticated, and kubectl agrees', () =>
    withServer({ https: true, token: TOKEN }, async (server) => {
      const path = kubeconfig('tokenfile', server, { user: { tokenFile: 'token' } });
      writeFileSync(join(dir, 'tokenfile', 'token'), `${TOKEN}\n`);
      const r = await explain(path);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /2 of 3 pods receive traffic/);
      assert.ok(server.requests.length > 0 && server.requests.every((q) => q.authorization === `Bearer ${TOKEN}`));
      assert.deepEqual(await kubectlGet(path), { code: 0, out: 'service/web\n' });
    }));

  it('tokenFile wins over token when both are set, as client-go\'s transport re-reads the file', () =>
    withServer({ token: TOKEN }, async (server) => {
      const path = kubeconfig('both', server, { cluster: { 'insecure-skip-tls-verify': true }, user: { token: 'stale', tokenFile: 'token' } });
      writeFileSync(join(dir, 'both', 'token'), TOKEN);
      assert.equal((await explain(path)).code, 0);
    }));

  it('a tokenFile that does not exist names the user and the file, and no request is made', () =>
    withServer({ token: TOKEN }, async (server) => {
      const path = kubeconfig('missing', server, { cluster: { 'insecure-skip-tls-verify': true }, user: { tokenFile: 'nope' } });
      const r = await explain(path);
      assertOneLineError(r.stderr, /user "u" of context "x" in kubeconfig .*: tokenFile .*missing\/nope: no such file$/);
      assert.equal(server.requests.length, 0);
    }));
});

describe('every other auth field kubectl honours: used, or refused by name', () => {
  it('a certificate-authority given as a relative path is read from the kubeconfig\'s folder', () =>
    withServer({ https: true, token: TOKEN }, async (server) => {
      const path = kubeconfig('relative', server, { cluster: { 'certificate-authority-data': undefined, 'certificate-authority': 'ca.crt' }, user: { token: TOKEN } });
      writeFileSync(join(dir, 'relative', 'ca.crt'), server.ca ?? '');
      const r = await explain(path);
      assert.equal(r.code, 0, r.stderr);
    }));

  it('an oidc auth-provider with an unexpired id-token sends it as the bearer token', async () => {
    const idToken = `${b64({ alg: 'none' })}.${b64({ exp: 4102444800, iss: 'https://issuer.example' })}.sig`;
    await withServer({ token: idToken }, async (server) => {
      const path = kubeconfig('oidc', server, { cluster: { 'insecure-skip-tls-verify': true }, user: { 'auth-provider': { name: 'oidc', config: { 'id-token': idToken, 'idp-issuer-url': 'https://issuer.example', 'client-id': 'k' } } } });
      const r = await explain(path);
      assert.equal(r.code, 0, r.stderr);
    });
  });

  it('a user\'s as, as-groups and as-uid are sent as kubectl\'s impersonation headers', () =>
    withServer({ token: TOKEN }, async (server) => {
      const r = await explain(kubeconfig('impersonation', server, { cluster: { 'insecure-skip-tls-verify': true }, user: { token: TOKEN, as: 'jane', 'as-groups': ['devs', 'ops'], 'as-uid': '42' } }));
      assert.equal(r.code, 0, r.stderr);
      assert.ok(server.requests.length > 0 && server.requests.every((q) => JSON.stringify(q.impersonate) === JSON.stringify({ user: 'jane', groups: ['devs', 'ops'], uid: '42' })));
    }));

  const refused: { name: string; user: Record<string, unknown>; error: RegExp }[] = [
    { name: 'auth-provider gcp, which kubectl removed too', user: { 'auth-provider': { name: 'gcp', config: {} } }, error: /auth-provider "gcp" is not supported: kubectl removed it too \(since 1\.26\): use the "gke-gcloud-auth-plugin" exec credential plugin$/ },
    { name: 'auth-provider azure, which kubectl removed too', user: { 'auth-provider': { name: 'azure', config: {} } }, error: /auth-provider "azure" is not supported: kubectl removed it too/ },
    { name: 'an unknown auth-provider', user: { 'auth-provider': { name: 'acme', config: {} } }, error: /auth-provider "acme" is not supported by kubectl-slices: use an exec credential plugin$/ },
    { name: 'impersonating with extra fields', user: { token: TOKEN, as: 'jane', 'as-user-extra': { scopes: ['view'] } }, error: /as-user-extra \(impersonation with extra fields\) is not supported by kubectl-slices$/ },
  ];
  for (const c of refused) {
    it(`${c.name}: refused by name, before any request`, () =>
      withServer({ token: TOKEN }, async (server) => {
        const r = await explain(kubeconfig(c.name.replace(/\W+/g, '-'), server, { cluster: { 'insecure-skip-tls-verify': true }, user: c.user }));
        assertOneLineError(r.stderr, c.error);
        assert.equal(server.requests.length, 0);
      }));
  }

  const unusable: { name: string; https: boolean; cluster?: Record<string, unknown>; user: Record<string, unknown>; error: RegExp }[] = [
    { name: 'a client key that is not PEM (found by the fuzz suite)', https: true, user: { 'client-certificate-data': Buffer.from('not pem').toString('base64'), 'client-key-data': Buffer.from(TOKEN).toString('base64') }, error: /the client-certificate\(-data\) and client-key\(-data\) of user "u" of context "x" in kubeconfig .* cannot be used: .*\(expected PEM\)$/ },
    { name: 'a token with a line break in it', https: false, cluster: { 'insecure-skip-tls-verify': true }, user: { token: `${TOKEN}\nX-Injected: 1` }, error: /the token \(or username and password\) of user "u" .* holds characters an HTTP header cannot carry/ },
    { name: 'a server that is no URL (found by the fuzz suite)', https: false, cluster: { server: 'https:// ' }, user: { token: TOKEN }, error: /server "https:\/\/ " of cluster "c" .* is not an https:\/\/ \(or http:\/\/\) URL/ },
  ];
  for (const c of unusable) {
    it(`${c.name}: one line naming the field, not its value, and no request`, () =>
      withServer({ https: c.https, token: TOKEN }, async (server) => {
        const r = await explain(kubeconfig(c.name.replace(/\W+/g, '-'), server, { cluster: c.cluster ?? {}, user: c.user }));
        assertOneLineError(r.stderr, c.error);
        assert.ok(!r.stderr.includes(TOKEN) && !r.stderr.includes(Buffer.from(TOKEN).toString('base64')));
        assert.equal(server.requests.length, 0);
      }));
  }

  it('a kubeconfig saved by PowerShell (UTF-16 LE with a BOM) is read', () =>
    withServer({ token: TOKEN }, async (server) => {
      const path = kubeconfig('utf16', server, { cluster: { 'insecure-skip-tls-verify': true }, user: { token: TOKEN } });
      writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path, 'utf8'), 'utf16le')]));
      assert.equal((await explain(path)).code, 0);
    }));
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * Bundles leak secrets (issue 13): `snapshot` copied pod specs verbatim. Now it redacts by default,
 * counts what it redacted (stderr and the Capture record), and the redacted bundle replays the
 * live explanation exactly: probe commands, ports and everything the explain core reads stay.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { REDACTED, redactObjects } from '../../src/sources/cluster/redact.ts';
import { parseObjects } from '../../src/sources/objectfile.ts';
import { runCli } from '../cli/capture.ts';
import { json, withLive, type Live } from '../cluster/live.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/readiness-drill/objects.yaml', import.meta.url));
const FAILING = 'readiness-deployment-b5d4f7c47-jl97z';

const SECRETS = ['hunter2-db', 'tok-3f9a1c', 'sk_live_51Hx', 'p@ss-in-script', 's3cr3t-next-arg', 'AKIAIOSFODNN7EXAMPLE', 'last-applied-db-pass'];

/** The example, with one pod carrying every kind of secret a pod spec holds, and a probe whose command must stay. */
async function exampleWithSecrets(): Promise<KubeObject[]> {
  const objects = await parseObjects(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
  const pod = objects.find((o): o is Pod => o.kind === 'Pod' && o.metadata?.name === FAILING);
  assert.ok(pod);
  const container = pod.spec?.containers?.[0] as unknown as Record<string, unknown>;
  container.env = [
    { name: 'DB_PASSWORD', value: 'hunter2-db' },
    { name: 'LOG_LEVEL', value: 'debug' },
    { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
  ];
  container.command = ['/bin/server', '--token=tok-3f9a1c', '--stripe-key=sk_live_51Hx'];
  container.args = ['--db-password', 's3cr3t-next-arg', 'sh', '-c', 'export DB_PASSWORD=p@ss-in-script && run', '--port=8080'];
  pod.metadata.annotations = {
    'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { containers: [{ env: [{ name: 'DB_PASSWORD', value: 'last-applied-db-pass' }] }] } }),
    'example.com/aws': 'AKIAIOSFODNN7EXAMPLE',
    'example.com/owner': 'team-a',
  };
  return objects;
}

async function snapshot(live: Live, args: string[] = []): Promise<{ bundle: string; stderr: string; path: string }> {
  const r = await live.run(['snapshot', 'svc/readiness-deployment', ...args]);
  assert.equal(r.code, 0, r.stderr);
  const path = join(live.dir, 'bundle.json');
  writeFileSync(path, r.stdout);
  return { bundle: r.stdout, stderr: r.stderr, path };
}

describe('snapshot redacts secrets by default', () => {
  it('a pod with DB_PASSWORD, --token=..., a probe command: no secret in the bundle, the same explanation replayed', async () => {
    const objects = await exampleWithSecrets();
    const probe = (objects.find((o) => o.metadata?.name === FAILING) as Pod).spec?.containers?.[0]?.readinessProbe;
    assert.deepEqual(probe?.exec?.command, ['cat', '/tmp/healthy']);
    await withLive(objects, async (live) => {
      const { bundle, stderr, path } = await snapshot(live);
      for (const secret of SECRETS) assert.ok(!bundle.includes(secret), `the bundle holds ${secret}`);
      assert.equal(stderr, 'snapshot: redacted 2 env values, 2 annotations and 4 arguments (names, probes and everything the explanation reads are kept; --redact=false keeps everything)\n');

      const items = json<{ items: KubeObject[] }>(bundle).items;
      const pod = items.find((o) => o.metadata?.name === FAILING) as Pod & { spec: { containers: Record<string, unknown>[] } };
      const container: Record<string, unknown> = pod.spec.containers[0] ?? {};
      assert.deepEqual(container.env, [
        { name: 'DB_PASSWORD', value: REDACTED },
        { name: 'LOG_LEVEL', value: REDACTED },
        { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } },
      ]);
      assert.deepEqual(container.command, ['/bin/server', `--token=${REDACTED}`, `--stripe-key=${REDACTED}`]);
      assert.deepEqual(container.args, ['--db-password', REDACTED, 'sh', '-c', `export DB_PASSWORD=${REDACTED} && run`, '--port=8080']);
      assert.deepEqual(container.readinessProbe, probe);
      assert.deepEqual(pod.metadata.annotations, { 'kubectl.kubernetes.io/last-applied-configuration': REDACTED, 'example.com/aws': REDACTED, 'example.com/owner': 'team-a' });
      const capture = items.at(-1) as { kind: string; redaction: unknown };
      assert.equal(capture.kind, 'Capture');
      assert.deepEqual(capture.redaction, { redacted: true, envValues: 2, annotations: 2, arguments: 4 });

      const fromLive = await live.run(['explain', 'svc/readiness-deployment', '-o', 'json']);
      const replayed = await runCli(['explain', 'svc/readiness-deployment', '-f', path, '-o', 'json']);
      assert.equal(replayed.code, 0, replayed.stderr);
      assert.equal(replayed.stdout, fromLive.stdout);
      assert.match(replayed.stdout, /readiness probe \\"cat \/tmp\/healthy\\" failing/);
      const table = await runCli(['explain', 'svc/readiness-deployment', '-f', path]);
      assert.equal(table.stdout, (await live.run(['explain', 'svc/readiness-deployment'])).stdout);
    });
  });

  it('Secrets are never read: no request for them, whatever the pods reference', async () => {
    await withLive(await exampleWithSecrets(), async (live) => {
      await snapshot(live);
      assert.ok(live.server.requests.length > 0);
      assert.deepEqual(live.server.requests.filter((r) => /secret/i.test(r.path)), []);
    });
  });

  it('--redact=false keeps everything, says so on stderr, and the Capture record says so', async () => {
    await withLive(await exampleWithSecrets(), async (live) => {
      const { bundle, stderr } = await snapshot(live, ['--redact=false']);
      for (const secret of SECRETS) assert.ok(bundle.includes(secret), `the bundle lacks ${secret}`);
      assert.match(stderr, /^warning: --redact=false: the bundle holds env values, annotations and arguments exactly as the cluster serves them; do not share it\n$/);
      assert.deepEqual((json<{ items: { redaction?: unknown }[] }>(bundle).items.at(-1))?.redaction, { redacted: false });
      const bad = await live.run(['snapshot', 'svc/readiness-deployment', '--redact=maybe']);
      assert.equal(bad.code, 2);
    });
  });
});

describe('what is redacted, case by case', () => {
  const cases: { name: string; args: string[]; expected: string[] }[] = [
    { name: 'a flag with its value', args: ['--password=a', '--api-key=b', '-token=c'], expected: [`--password=${REDACTED}`, `--api-key=${REDACTED}`, `-token=${REDACTED}`] },
    { name: 'a flag whose value is the next argument', args: ['--client-secret', 'x', '--verbose'], expected: ['--client-secret', REDACTED, '--verbose'] },
    { name: 'quoted values inside a script', args: ['sh', '-c', 'curl --token="a b" && SECRET_KEY=\'z\' run'], expected: ['sh', '-c', `curl --token=${REDACTED} && SECRET_KEY=${REDACTED} run`] },
    { name: 'flags that hold nothing secret', args: ['--port=8080', '--config=/etc/app.yaml', 'cat', '/tmp/healthy'], expected: ['--port=8080', '--config=/etc/app.yaml', 'cat', '/tmp/healthy'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', args: [...c.args] }] } };
      const { objects } = redactObjects([pod]);
      assert.deepEqual((objects[0] as typeof pod).spec.containers[0]?.args, c.expected);
      assert.deepEqual(pod.spec.containers[0]?.args, c.args, 'the input is not changed');
    });
  }

  it('annotations: the over-capacity marker the explanation reads stays, a JWT-looking value goes', () => {
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e', annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated', 'example.com/x': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc' } } };
    const { objects, counts } = redactObjects([endpoints]);
    assert.deepEqual(objects[0]?.metadata?.annotations, { 'endpoints.kubernetes.io/over-capacity': 'truncated', 'example.com/x': REDACTED });
    assert.equal(counts.annotations, 1);
  });
});

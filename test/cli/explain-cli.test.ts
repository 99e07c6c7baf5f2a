import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { endpointFor, endpointsFor, pod, service, slice } from '../explain/builders.ts';
import { runCli } from './capture.ts';

const ESC = '\u001b[';
const dir = mkdtempSync(join(tmpdir(), 'slices-cli-'));
const healthy = pod('web-1-aaaaa', { ip: '10.244.0.6' });
const failing = pod('web-1-bbbbb', { ip: '10.244.0.8', ready: false });
const list = { apiVersion: 'v1', kind: 'List', items: [service(), slice('web-x', [endpointFor(healthy), endpointFor(failing)]), endpointsFor([healthy, failing]), healthy, failing] };
const objects = join(dir, 'objects.json');
writeFileSync(objects, JSON.stringify(list));

/** Every failure is one `error: ...` line, never a stack trace. */
function assertOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

describe('explain command line', () => {
  it('explains a List file as a table and names the pod that gets no traffic', async () => {
    const r = await runCli(['explain', 'svc/web', '-f', objects]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 of 2 pods receive traffic\./);
    assert.match(r.stdout, /bbbbb\s+NO TRAFFIC\s+False/);
    assert.match(r.stdout, /Why not:\n {2}bbbbb: readiness probe "cat \/tmp\/healthy" has not passed yet -> Ready=False -> ready=false in slice web-x/);
  });

  it('reads the objects from stdin with -f -', async () => {
    const r = await runCli(['explain', 'web', '-f', '-', '-o', 'json'], { stdin: JSON.stringify(list) });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.service.name, 'web');
    assert.deepEqual(doc.pods.map((p: { name: string; receivesTraffic: boolean }) => [p.name, p.receivesTraffic]), [['web-1-aaaaa', true], ['web-1-bbbbb', false]]);
  });

  it('prints YAML that is the same document as the JSON', async () => {
    const json = JSON.parse((await runCli(['explain', 'web', '-f', objects, '-o', 'json'])).stdout);
    const yamlText = (await runCli(['explain', 'web', '-f', objects, '-o', 'yaml'])).stdout;
    const { load } = await import('js-yaml');
    assert.deepEqual(load(yamlText), json);
  });

  it('--exit-code exits 3 when a selected pod gets no traffic', async () => {
    const r = await runCli(['explain', 'web', '-f', objects, '--exit-code']);
    assert.equal(r.code, 3);
  });

  it('colours only when asked: never by default off a TTY, never with NO_COLOR on a TTY, always with --color always', async () => {
    const plain = await runCli(['explain', 'web', '-f', objects]);
    assert.ok(!plain.stdout.includes(ESC), 'no escape codes');
    const noColor = await runCli(['explain', 'web', '-f', objects], { tty: true, env: { NO_COLOR: '1' } });
    assert.ok(!noColor.stdout.includes(ESC), 'NO_COLOR wins');
    const tty = await runCli(['explain', 'web', '-f', objects], { tty: true });
    assert.ok(tty.stdout.includes(ESC), 'colour on a TTY');
    const always = await runCli(['explain', 'web', '-f', objects, '--color', 'always']);
    assert.ok(always.stdout.includes(ESC), '--color always');
  });
});

describe('explain: bad input gets one clear line and a non-zero exit', () => {
  it('a missing file', async () => {
    const r = await runCli(['explain', 'web', '-f', join(dir, 'nope.json')]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /nope\.json: no such file/);
  });

  it('JSON that is not a Kubernetes object', async () => {
    const file = join(dir, 'package.json');
    writeFileSync(file, JSON.stringify({ name: 'x', version: '1.0.0' }));
    const r = await runCli(['explain', 'web', '-f', file]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /package\.json: not a Kubernetes object/);
  });

  it('broken YAML names the line', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n');
    const r = await runCli(['explain', 'web', '-f', file]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /broken\.yaml:\d+: invalid YAML/);
  });

  it('broken JSON names the line', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  oops\n}');
    const r = await runCli(['explain', 'web', '-f', file]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /broken\.json:4: invalid JSON/);
  });

  it('a Service that is not in the files lists the ones that are', async () => {
    const r = await runCli(['explain', 'svc/api', '-f', objects]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /service "api" not found in the input files \(services in the input: default\/web\)/);
  });

  it('the same -f twice, or two files that overlap, count each object once', async () => {
    const once = await runCli(['explain', 'svc/web', '-f', objects, '-o', 'json']);
    const twice = await runCli(['explain', 'svc/web', '-f', objects, '-f', objects, '-o', 'json']);
    assert.equal(twice.code, 0, twice.stderr);
    assert.equal(twice.stdout, once.stdout);
    const podsOnly = join(dir, 'pods.json');
    writeFileSync(podsOnly, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [healthy, failing] }));
    const overlapping = await runCli(['explain', 'svc/web', '-f', objects, '-f', podsOnly, '-o', 'json']);
    assert.equal(overlapping.stdout, once.stdout);
  });

  it('two different objects for one Service name in one namespace: one line naming both uids', async () => {
    const other = join(dir, 'other-incarnation.json');
    writeFileSync(other, JSON.stringify({ ...service(), metadata: { ...service().metadata, uid: 'svc-uid-2' } }));
    const r = await runCli(['explain', 'svc/web', '-f', objects, '-f', other]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /service "web" is in the input 2 times as different objects \(uid .*svc-uid-2\)/);
  });

  it('an unknown -o value is a usage error', async () => {
    const r = await runCli(['explain', 'web', '-f', objects, '-o', 'xml']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, /-o xml: allowed formats are table, wide, json, yaml, name, jsonpath=TEMPLATE/);
  });

  it('a dump in an unknown format', async () => {
    const file = join(dir, 'node-a.txt');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\n');
    const r = await runCli(['explain', 'web', '-f', objects, '--dataplane', file]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /node-a\.txt: is not a node dump this tool reads/);
  });

  it('--for without --watch is a usage error, not silently ignored', async () => {
    const r = await runCli(['explain', 'web', '-f', objects, '--for', '5s']);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, /--for and --until end a watch: add --watch/);
  });

  it('a resource explain cannot start from', async () => {
    const r = await runCli(['explain', 'cm/web', '-f', objects]);
    assert.equal(r.code, 2);
    assertOneLineError(r.stderr, /"cm\/web": explain starts from a Service \(NAME, svc\/NAME\), a pod \(pod\/NAME\), a workload \(deploy\/, sts\/, ds\/, rs\/NAME\) or a route/);
  });
});

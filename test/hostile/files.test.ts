/**
 * Hostile and unusual object files (issue 13): an alias bomb, nesting that exhausts the stack,
 * UTF-16 from PowerShell and UTF-8 with a BOM, an oversized file, and objects whose fields have
 * the wrong shape. Each is read, or refused with one line naming the file, the object and the
 * field, exit 1; never JS internals.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_FILE_BYTES } from '../../src/sources/text.ts';
import { runCli } from '../cli/capture.ts';
import { endpointFor, pod, service, slice } from '../explain/builders.ts';
import { assertOneLineError } from '../cluster/live.ts';

const dir = mkdtempSync(join(tmpdir(), 'slices-hostile-files-'));
const example = fileURLToPath(new URL('../../examples/readiness-drill/', import.meta.url));
const OBJECTS = join(example, 'objects.yaml');
const DUMP = join(example, 'iptables-save.after.txt');

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A billion-laughs bomb in a Service's selector: 9 levels of 9 aliases each (9^9 leaves once expanded). */
function aliasBomb(levels = 9): string {
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  selector:', `    a0: &a0 [${Array(9).fill('"lol"').join(',')}]`];
  for (let i = 1; i < levels; i++) lines.push(`    a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

/** The example's explanation as JSON, the reference every encoding must reproduce. */
async function exampleJson(objects: string, dump = DUMP): Promise<string> {
  const r = await runCli(['explain', 'svc/readiness-deployment', '-f', objects, '--iptables', `minikube=${dump}`, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe('YAML bounds: aliases and depth are refused before they cost anything', () => {
  it('an alias bomb is refused as excessive aliasing (it used to cost 10 s and 1.3 GB, then "Invalid string length")', async () => {
    const r = await runCli(['explain', 'web', '-f', file('bomb.yaml', aliasBomb())]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /bomb\.yaml: excessive aliasing: its aliases expand to more than 100000 nodes/);
  });

  it('more than 100 aliases in one document are refused by the parser itself', async () => {
    const many = ['apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec:', '  selector: {app: &v web}', '  externalIPs:', ...Array.from({ length: 101 }, () => '  - *v')].join('\n');
    const r = await runCli(['explain', 'web', '-f', file('aliases.yaml', many)]);
    assertOneLineError(r.stderr, /aliases\.yaml:\d+: excessive aliasing: more than 100 aliases in one document/);
  });

  it('an alias inside the node it names is refused, not walked forever', async () => {
    const r = await runCli(['explain', 'web', '-f', file('cycle.yaml', 'apiVersion: v1\nkind: Service\nmetadata: &m {name: web, labels: {self: *m}}\n')]);
    assertOneLineError(r.stderr, /cycle\.yaml: an alias refers to a node that contains it/);
  });

  it('anchors and aliases used sensibly are read like kubectl reads them', async () => {
    const objects = ['apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Service', '  metadata: {name: web, namespace: default}', '  spec:', '    selector: &labels {app: web}', '    ports: [{port: 80, targetPort: 8080}]', '- apiVersion: v1', '  kind: Pod', '  metadata: {name: web-1, namespace: default, labels: *labels}', ''].join('\n');
    const r = await runCli(['explain', 'web', '-f', file('anchors.yaml', objects), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { pods: { name: string }[] }).pods.map((p) => p.name), ['web-1']);
  });

  it('JSON nested 100,000 deep is refused in one line (it used to be "Maximum call stack size exceeded")', async () => {
    const r = await runCli(['explain', 'web', '-f', file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)]);
    assert.equal(r.code, 1);
    assertOneLineError(r.stderr, /deep\.json: nested more than 100 levels deep/);
  });

  it('YAML nested deeper than 100 levels is refused by the parser', async () => {
    const r = await runCli(['explain', 'web', '-f', file('deep.yaml', `a: ${'['.repeat(150)}${']'.repeat(150)}\n`)]);
    assertOneLineError(r.stderr, /deep\.yaml:1: nested more than 100 levels deep/);
  });
});

describe('encodings kubectl reads: UTF-8 with a BOM, UTF-16 with a BOM', () => {
  const utf8 = readFileSync(OBJECTS);
  const utf16le = (text: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.toString('utf8'), 'utf16le')]);
  const utf16be = (text: Buffer) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.toString('utf8'), 'utf16le').swap16()]);

  it('the example saved as UTF-8 with a BOM, UTF-16 LE (PowerShell 5.1 `>`) and UTF-16 BE explains exactly as the UTF-8 file', async () => {
    const reference = await exampleJson(OBJECTS);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    for (const [name, bytes] of [['bom.yaml', bom], ['le.yaml', utf16le(utf8)], ['be.yaml', utf16be(utf8)]] as const) {
      assert.equal(await exampleJson(file(name, bytes)), reference, name);
    }
  });

  it('a node dump in UTF-16 LE reads like the UTF-8 one, and so does a JSON List with a BOM', async () => {
    const reference = await exampleJson(OBJECTS);
    assert.equal(await exampleJson(OBJECTS, file('dump-le.txt', utf16le(readFileSync(DUMP)))), reference);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [service(), pod('web-1-aaaaa')] });
    const r = await runCli(['explain', 'web', '-f', file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(list)])), '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('UTF-16 without a BOM is named, not read as garbage', async () => {
    const r = await runCli(['explain', 'web', '-f', file('nobom.yaml', Buffer.from(utf8.toString('utf8'), 'utf16le'))]);
    assertOneLineError(r.stderr, /nobom\.yaml: looks like UTF-16 without a byte-order mark/);
  });
});

describe('size bound', () => {
  it(`a file over ${MAX_FILE_BYTES / 2 ** 20} MiB is refused before it is read (a sparse file: nothing is written)`, async () => {
    const path = join(dir, 'huge.json');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    const r = await runCli(['explain', 'web', '-f', path]);
    assertOneLineError(r.stderr, /huge\.json: 256\.0 MiB is more than the 256 MiB a file may have/);
    const rules = await runCli(['rules', path]);
    assertOneLineError(rules.stderr, /huge\.json: 256\.0 MiB is more than the 256 MiB a file may have/);
  });
});

describe('malformed objects name the file, the object and the field', () => {
  const healthy = pod('web-1-aaaaa');
  const cases: { name: string; items: unknown; error: RegExp }[] = [
    {
      name: 'EndpointSlice endpoints given as a mapping (was "(s.endpoints ?? []).map is not a function")',
      items: [service(), { ...slice('web-x', []), endpoints: { a: endpointFor(healthy) } }, healthy],
      error: /list\.json, item 2: EndpointSlice default\/web-x: endpoints is a mapping, not a list$/,
    },
    {
      name: 'Pod conditions given as a mapping (was "pod.status?.conditions?.find is not a function")',
      items: [service(), { ...healthy, status: { ...healthy.status, conditions: { Ready: 'True' } } }],
      error: /list\.json, item 2: Pod default\/web-1-aaaaa: status\.conditions is a mapping, not a list$/,
    },
    {
      name: 'a Service selector given as a string (was printed "0=a,1=p,...")',
      items: [service('web', { selector: 'app=web' as unknown as Record<string, string> }), healthy],
      error: /list\.json, item 1: Service default\/web: spec\.selector is a string, not a mapping$/,
    },
    {
      name: 'an endpoint without addresses',
      items: [service(), slice('web-x', [{ conditions: { ready: true } } as never])],
      error: /EndpointSlice default\/web-x: endpoints\[0\]\.addresses is missing$/,
    },
    {
      name: 'a list item that is null (found by the fuzz suite: "Cannot read properties of null")',
      items: [service(), { ...slice('web-x', []), endpoints: [null] }],
      error: /EndpointSlice default\/web-x: endpoints\[0\] is null, not a mapping$/,
    },
    {
      name: 'an HTTPRoute whose backendRefs is a mapping',
      items: [service(), { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'default' }, spec: { rules: [{ backendRefs: { name: 'web' } }] } }],
      error: /HTTPRoute default\/r: spec\.rules\[0\]\.backendRefs is a mapping, not a list$/,
    },
    {
      name: 'a preStop sleep without its seconds',
      items: [service(), { ...healthy, spec: { ...healthy.spec, containers: [{ name: 'app', lifecycle: { preStop: { sleep: {} } } }] } }],
      error: /Pod default\/web-1-aaaaa: spec\.containers\[0\]\.lifecycle\.preStop\.sleep\.seconds is missing$/,
    },
    {
      name: 'a label value that is a number',
      items: [service(), { ...healthy, metadata: { ...healthy.metadata, labels: { app: 'web', tier: 3 } } }],
      error: /Pod default\/web-1-aaaaa: metadata\.labels\.tier is a number, not a string$/,
    },
    {
      name: 'an annotation key that is not a plain word is quoted in the path',
      items: [service(), { ...healthy, metadata: { ...healthy.metadata, annotations: { 'kubectl.kubernetes.io/x': ['a'] } } }],
      error: /metadata\.annotations\["kubectl\.kubernetes\.io\/x"\] is a list, not a string$/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await runCli(['explain', 'web', '-f', file('list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: c.items }))]);
      assert.equal(r.code, 1);
      assertOneLineError(r.stderr, c.error);
    });
  }

  it('a List whose items is a mapping (was "List has no metadata.name")', async () => {
    const r = await runCli(['explain', 'web', '-f', file('items.yaml', 'apiVersion: v1\nkind: List\nitems:\n  a: {apiVersion: v1, kind: Service, metadata: {name: web}}\n')]);
    assertOneLineError(r.stderr, /items\.yaml: List: items is a mapping, not a list$/);
  });

  it('the document of a multi-document file is named', async () => {
    const r = await runCli(['explain', 'web', '-f', file('multi.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: {app: {}}}\n')]);
    assertOneLineError(r.stderr, /multi\.yaml: document 2: Pod p: spec\.containers is a mapping, not a list$/);
  });
});

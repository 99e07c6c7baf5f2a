/**
 * Our JSONPath against kubectl's own (v1.32 on PATH), on the same documents, offline:
 * `kubectl label --local -f DOC nothere- -o jsonpath=TEMPLATE` runs client-go's jsonpath printer
 * on a file without a cluster (removing a label that is not there changes nothing but an empty
 * `metadata.labels`, so both sides read kubectl's own `-o json` of the file). Every template
 * must print the same bytes, or fail with the same message.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JsonPath } from '../../src/render/jsonpath/template.ts';
import { runCli } from '../cli/capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'slices-jsonpath-'));
const EXAMPLE = ['examples/readiness-drill/objects.yaml', '--iptables', 'minikube=examples/readiness-drill/iptables-save.after.txt'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(file: string, output: string): Promise<Run> {
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'none') };
  return new Promise((resolve) => {
    execFile('kubectl', ['label', '--local', '-f', file, 'nothere-', '-o', output], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs `fn` over `items`, `width` at a time (kubectl start-up is CPU-bound; the machine is shared). */
async function pooled<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

/** The document as kubectl holds it after `label --local` (what its jsonpath printer is given). */
async function asKubectlSeesIt(name: string, doc: object): Promise<{ file: string; doc: unknown }> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const r = await kubectl(file, 'json');
  assert.equal(r.code, 0, r.stderr);
  return { file, doc: JSON.parse(r.stdout) };
}

/** kubectl's one-line reason: "error executing jsonpath ...: Error executing template: MSG. Printing ..." */
function kubectlReason(stderr: string): string {
  const executing = /Error executing template: (.*?)\. Printing more information/.exec(stderr);
  if (executing) return executing[1] ?? '';
  const parsing = /error parsing jsonpath .*?, (.*)/.exec(stderr);
  return parsing ? (parsing[1] ?? '').trim() : stderr.trim();
}

function ours(template: string, doc: unknown): { ok: boolean; text: string } {
  try {
    return { ok: true, text: new JsonPath(template).execute(doc) };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
}

const EXPLAIN_TEMPLATES: (string | { unordered: string })[] = [
  '{.service.name}',
  '{.kind} {.apiVersion}',
  '{.pods[*].name}',
  '{range .pods[*]}{.shortName}{"\\t"}{.verdict}{"\\t"}{.ready}{"\\n"}{end}',
  '{.pods[?(@.receivesTraffic==false)].name}',
  '{.pods[?(@.verdict!="receives")].reasons[*].code}',
  '{range .pods[?(@.ready=="False")]}{.name}: {range .reasons[?(@.link==true)]}{.message} -> {end}{"\\n"}{end}',
  '{.pods[0].ports}',
  '{.pods[0].dataplane[0].share}',
  '{.pods[*].dataplane[*].share}',
  '{.pods[-1:].ip}',
  '{.pods[0:2].node}',
  '{.pods[::2].shortName}',
  "{.pods[0]['name','ip']}",
  "{.pods[*]['shortName']}",
  '{.summary}',
  // `*` over a map: Go iterates maps in random order, so these compare as sets of words.
  { unordered: '{.summary.sliceEndpoints.*}' },
  { unordered: '{.pods[0].endpoint.*}' },
  // `..` walks each map in Go's random order too: the findings', the pods' and the termination
  // facts' codes come in any order from kubectl.
  { unordered: '{..code}' },
  '{.service.selector.app}',
  '{.service.ports[0].targetPort}',
  '{.pods[0].zone} {.pods[0].endpoint.zone}',
  '{.findings[*].severity}',
  '{.endpointsWithoutPods}',
  '{.nodes[0]}',
  '{.pods[?(@.summary)].name}',
  '{.pods[0].name.*}',
  '{.pods[9].name}',
  '{.pods[0].name[0]}',
  '{.pods[?(@.ports[0].targetPort>8000)].shortName}',
  '{.pods[?(@.ports[0].targetPort>8000.5)].shortName}',
  '{.pods[*].reasons[?(@.code=="PodNotReady")].message}',
  '{range .pods[*]}[{.shortName}]',
  '{end}',
  '{.pods[',
  '{.pods[?(@.name=~"x")]}',
  'plain text, no braces',
  '{"a\\tb"}{\'single\'}{.service.type}',
  '{.service.ports[*].port}{"\\n"}',
  '{range .pods[*]}{range .ips[*]}{@},{end};{end}',
  '{range .pods[*]}{.endpoint.hints}{end}',
];

const QUIRKS = {
  apiVersion: 'kubectl-slices.github.io/v1alpha1',
  kind: 'Quirks',
  metadata: { name: 'quirks' },
  nothing: null,
  list: [null, 1, 'two', 0.5, 1e21, 1234567.5, 0.00001, true],
  nested: [[], ['second'], [['deep']]],
  html: '<a href="x">&</a>',
  map: { z: 1, a: [1, 'x', null], '10': 'ten', '9': 'nine' },
};

const QUIRK_TEMPLATES = [
  '{.nothing}',
  '{.list[*]}',
  '{range .list[*]}<{@}>{end}',
  '{.nested[*][*]}',
  '{.nested}',
  '{.html} {.map}',
  '{.map.a}',
  '{..a}',
  '{.list[?(@>0)]}',
  '{.list[?(@=="two")]}',
  '{.list[1:3]}{.list[-2:]}',
  '{.list[5:5]}',
  '{.map.10}',
];

describe('our JSONPath prints what kubectl v1.32 prints', { timeout: 600_000 }, () => {
  it('on the explain document of the readiness drill', async () => {
    const r = await runCli(['explain', 'svc/readiness-deployment', '-f', ...EXAMPLE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const { file, doc } = await asKubectlSeesIt('explain', JSON.parse(r.stdout) as object);
    await pooled(EXPLAIN_TEMPLATES, 4, (template) => compareWithKubectl(file, doc, template));
  });

  it('on values JSON has no single word for: null, big and small floats, bytes of a string, HTML', async () => {
    const { file, doc } = await asKubectlSeesIt('quirks', QUIRKS);
    await pooled(QUIRK_TEMPLATES, 4, (template) => compareWithKubectl(file, doc, template));
  });

  it('and jsonpath-as-json the same', async () => {
    const { file, doc } = await asKubectlSeesIt('quirks-json', QUIRKS);
    for (const template of ['{.list[*]}', '{.map}{.html}']) {
      const theirs = await kubectl(file, `jsonpath-as-json=${template}`);
      assert.equal(theirs.code, 0, theirs.stderr);
      assert.equal(new JsonPath(template).execute(doc, { asJson: true }), theirs.stdout, template);
    }
  });
});

async function compareWithKubectl(file: string, doc: unknown, entry: string | { unordered: string }): Promise<void> {
  const template = typeof entry === 'string' ? entry : entry.unordered;
  const theirs = await kubectl(file, `jsonpath=${template}`);
  const mine = ours(template, doc);
  const words = (text: string) => text.split(' ').sort();
  if (theirs.code === 0) {
    assert.ok(mine.ok, `${template}: kubectl printed ${JSON.stringify(theirs.stdout)}, we failed: ${mine.text}`);
    if (typeof entry === 'string') assert.equal(mine.text, theirs.stdout, template);
    else assert.deepEqual(words(mine.text), words(theirs.stdout), template);
  } else {
    assert.ok(!mine.ok, `${template}: kubectl failed (${theirs.stderr.trim()}), we printed ${JSON.stringify(mine.text)}`);
    assert.equal(mine.text, kubectlReason(theirs.stderr), template);
  }
}



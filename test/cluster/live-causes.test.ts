/**
 * The two reads live explain adds for the silent causes: one bounded page of the namespace's pods
 * when the selector matched none (near misses), and a GET of each node the --iptables dumps are
 * named after (a mistyped name). Live must say what the files say.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import * as yaml from 'js-yaml';
import type { Explanation } from '../../src/explain/types.ts';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { parseObjectsWith } from '../../src/sources/objectfile.ts';
import { runCli } from '../cli/capture.ts';
import { json, requestLines, withLive } from './live.ts';

const scenario = (name: string, file: string) => fileURLToPath(new URL(`../scenarios/${name}/${file}`, import.meta.url));
const objectsOf = (name: string): KubeObject[] => parseObjectsWith(yaml, readFileSync(scenario(name, 'objects.yaml'), 'utf8'), name);
const codes = (doc: Explanation) => doc.findings.map((f) => f.code);

describe('live explain: near misses of a selector that matches nothing', () => {
  it('lists one page of the namespace\'s pods only after the selector\'s own list came back empty, and says what the files say', async () => {
    const fromFile = await runCli(['explain', 'svc/hostnames', '-f', scenario('selector-near-miss', 'objects.yaml'), '-o', 'json']);
    await withLive(objectsOf('selector-near-miss'), async (live) => {
      const r = await live.run(['explain', 'svc/hostnames', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const lines = requestLines(live.server.requests);
      assert.ok(lines.includes('GET /api/v1/namespaces/default/pods?labelSelector=app=hostnames&limit=500'), lines.join('\n'));
      assert.ok(lines.includes('GET /api/v1/namespaces/default/pods?limit=500'), lines.join('\n'));
      const doc = json<Explanation>(r.stdout);
      assert.ok(codes(doc).includes('SelectorNearMiss'), JSON.stringify(doc.findings));
      assert.deepEqual(doc.findings, json<Explanation>(fromFile.stdout).findings);
    });
  });

  it('a selector that matches: no unfiltered list of the namespace', async () => {
    await withLive(objectsOf('selector-near-miss').map((o) => (o.kind === 'Pod' ? { ...o, metadata: { ...o.metadata, labels: { app: 'hostnames' } } } : o)), async (live) => {
      const r = await live.run(['explain', 'svc/hostnames', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!requestLines(live.server.requests).includes('GET /api/v1/namespaces/default/pods?limit=500'));
      assert.ok(!codes(json<Explanation>(r.stdout)).includes('SelectorNearMiss'));
    });
  });

  it('the snapshot bundle carries those pods, so its replay names the same near misses', async () => {
    await withLive(objectsOf('selector-near-miss'), async (live) => {
      const bundle = await live.run(['snapshot', 'svc/hostnames', '-o', 'json']);
      assert.equal(bundle.code, 0, bundle.stderr);
      const file = `${live.dir}/bundle.json`;
      writeFileSync(file, bundle.stdout);
      const replay = await runCli(['explain', 'svc/hostnames', '-f', file, '-o', 'json']);
      assert.equal(replay.code, 0, replay.stderr);
      assert.ok(codes(json<Explanation>(replay.stdout)).includes('SelectorNearMiss'));
    });
  });
});

describe('live explain: the node a dump is named after', () => {
  const dump = scenario('dump-node-typo', 'iptables-kind-worker.txt');

  it('a mistyped name: GET that node, 404, and the same warning as from the files', async () => {
    const fromFile = await runCli(['explain', 'svc/search', '-f', scenario('dump-node-typo', 'objects.yaml'), '--iptables', `kind-wroker=${dump}`, '-o', 'json']);
    await withLive(objectsOf('node-not-ready'), async (live) => {
      const r = await live.run(['explain', 'svc/search', '--iptables', `kind-wroker=${dump}`, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(requestLines(live.server.requests).includes('GET /api/v1/nodes/kind-wroker'));
      const doc = json<Explanation>(r.stdout);
      const finding = doc.findings.find((f) => f.code === 'DumpNodeNotFound');
      assert.equal(finding?.severity, 'warning');
      assert.match(finding?.message ?? '', /did you mean kind-worker\?$/);
      assert.deepEqual(finding, json<Explanation>(fromFile.stdout).findings.find((f) => f.code === 'DumpNodeNotFound'));
    });
  });

  it('Nodes forbidden: the name cannot be checked, and the finding says so (info), never "not found"', async () => {
    await withLive(objectsOf('node-not-ready'), async (live) => {
      live.server.forbid('nodes');
      const r = await live.run(['explain', 'svc/search', '--iptables', `kind-wroker=${dump}`, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const finding = json<Explanation>(r.stdout).findings.find((f) => f.code === 'DumpNodeNotFound');
      assert.equal(finding?.severity, 'info');
      assert.match(finding?.message ?? '', /Nodes are unknown \(forbidden: .*\): whether kind-wroker is a node's real name is unknown$/);
    });
  });

  it('a correct name of a node without the Service\'s pods: read, found, nothing said', async () => {
    const controlPlane: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'kind-control-plane' } };
    await withLive([...objectsOf('node-not-ready'), controlPlane], async (live) => {
      const r = await live.run(['explain', 'svc/search', '--iptables', `kind-control-plane=${dump}`, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(requestLines(live.server.requests).includes('GET /api/v1/nodes/kind-control-plane'));
      assert.ok(!codes(json<Explanation>(r.stdout)).includes('DumpNodeNotFound'));
    });
  });
});

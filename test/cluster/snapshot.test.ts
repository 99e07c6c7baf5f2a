import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import { fixtureObjects } from '../apiserver/harness.ts';
import { runCli } from '../cli/capture.ts';
import { nodeObjects, serviceObjects } from './generate.ts';
import { json, withLive, type Live } from './live.ts';

/** snapshot > bundle, then explain -f bundle: both explanations, as JSON text. */
async function liveAndReplayed(live: Live, service: string, format: 'json' | 'yaml' = 'json'): Promise<{ live: string; replayed: string; bundle: string }> {
  const snap = await live.run(['snapshot', `svc/${service}`, '-o', format]);
  assert.equal(snap.code, 0, snap.stderr);
  const bundle = join(live.dir, `bundle.${format}`);
  writeFileSync(bundle, snap.stdout);
  const fromLive = await live.run(['explain', `svc/${service}`, '-o', 'json']);
  const replayed = await runCli(['explain', `svc/${service}`, '-f', bundle, '-o', 'json'], { env: {} });
  assert.equal(replayed.code, 0, replayed.stderr);
  return { live: fromLive.stdout, replayed: replayed.stdout, bundle: snap.stdout };
}

describe('snapshot: the objects an explanation used, replayable offline', () => {
  it('snapshot svc/web then explain -f bundle.json gives exactly the live explanation', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await liveAndReplayed(live, 'web');
      assert.deepEqual(json(r.replayed), json(r.live));
      const bundle = json<{ apiVersion: string; kind: string; items: KubeObject[] }>(r.bundle);
      assert.equal(bundle.kind, 'List');
      assert.ok(bundle.items.every((item) => typeof item.kind === 'string' && typeof item.apiVersion === 'string'), 'every item has kind and apiVersion');
      assert.deepEqual(bundle.items.map((i) => i.kind), ['Service', 'EndpointSlice', 'Endpoints', 'Pod', 'Pod', 'Pod', 'Node', 'Node', 'Event', 'Capture']);
    });
  });

  it('a healthy Service has no events: the replay still knows events were read, not missing', async () => {
    await withLive([...nodeObjects(2), ...serviceObjects({ name: 'api', pods: 3, nodes: 2 })], async (live) => {
      const r = await liveAndReplayed(live, 'api');
      assert.deepEqual(json(r.replayed), json(r.live));
      assert.deepEqual(json<{ unknown: string[] }>(r.replayed).unknown, []);
    });
  });

  it('with pods forbidden, the replay says pods were forbidden, as the live run did', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('pods');
      const r = await liveAndReplayed(live, 'web');
      assert.deepEqual(json(r.replayed), json(r.live));
      assert.match(json<{ unknown: string[] }>(r.replayed).unknown[0] ?? '', /^Pod: forbidden: pods is forbidden/);
    });
  });

  it('the Capture record is in the kubectl-slices.github.io/v1alpha1 group; a bundle in the old undotted kubectl-slices/v1 form still replays', async () => {
    await withLive(fixtureObjects(), async (live) => {
      live.server.forbid('pods');
      const r = await liveAndReplayed(live, 'web');
      const bundle = json<{ items: KubeObject[] }>(r.bundle);
      const capture = bundle.items.at(-1);
      assert.deepEqual([capture?.apiVersion, capture?.kind], ['kubectl-slices.github.io/v1alpha1', 'Capture']);
      // What `snapshot` wrote before the documents were versioned: the same record, undotted group.
      const old = join(live.dir, 'old-bundle.json');
      writeFileSync(old, r.bundle.replace('"apiVersion": "kubectl-slices.github.io/v1alpha1"', '"apiVersion": "kubectl-slices/v1"'));
      assert.match(JSON.stringify(json(r.bundle.replace('"apiVersion": "kubectl-slices.github.io/v1alpha1"', '"apiVersion": "kubectl-slices/v1"'))), /"apiVersion":"kubectl-slices\/v1","kind":"Capture"/);
      const replayed = await runCli(['explain', 'svc/web', '-f', old, '-o', 'json'], { env: {} });
      assert.equal(replayed.code, 0, replayed.stderr);
      assert.deepEqual(json(replayed.stdout), json(r.live));
      assert.match(json<{ unknown: string[] }>(replayed.stdout).unknown[0] ?? '', /^Pod: forbidden/);
    });
  });

  it('-o yaml writes the same bundle as YAML, and it replays the same way', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const r = await liveAndReplayed(live, 'web', 'yaml');
      assert.match(r.bundle, /^apiVersion: v1\nkind: List\n/);
      assert.deepEqual(json(r.replayed), json(r.live));
    });
  });

  it('only GETs: a snapshot changes nothing in the cluster', async () => {
    await withLive(fixtureObjects(), async (live) => {
      const before = live.server.resourceVersion;
      await live.run(['snapshot', 'svc/web']);
      assert.ok(live.server.requests.length > 0 && live.server.requests.every((q) => q.method === 'GET'));
      assert.equal(live.server.resourceVersion, before);
    });
  });
});

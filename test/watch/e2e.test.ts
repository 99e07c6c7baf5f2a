import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { after, before, describe, it } from 'node:test';
import type { KubeObject, Service } from '../../src/kubernetes/objects.ts';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import { pod } from '../explain/builders.ts';
import { ips, names } from './fixtures.ts';
import { dropAndRewatch, pumpUntil, startCluster, startWatch, waitFor, type Cluster } from './live.ts';

const brief = (r: TransitionRecord) => `${r.object} ${r.field} ${String(r.from)}->${String(r.to)}${r.viaRelist ? ' (relist)' : ''}`;
const latencyOf = (r: TransitionRecord | undefined) => r?.sincePodTransitionSeconds ?? Number.NaN;
const listsOf = (cluster: Cluster, resource: string) => cluster.server.requests.filter((r) => !r.watch && r.path.endsWith(`/${resource}`)).length;

describe('watch against the API server: a readiness drill with a cut stream and a 410 Gone', () => {
  let cluster: Cluster;
  let records: TransitionRecord[];
  let stderr: string;
  let code: number;
  let summary: Record<string, unknown> | undefined;
  let resumedWithoutList = false;
  /** Seconds from each pod transition to each controller's update, as the test made them on the watch's clock. */
  const expected = { slice: 0, endpoints: 0, recoverySlice: 0, recoveryEndpoints: 0 };

  before(async () => {
    cluster = await startCluster();
    const watch = startWatch(cluster, ['--for', '60s']);
    const { clock } = watch;
    await watch.watching();
    const seen = (n: number) => waitFor(`${n} transitions`, () => watch.transitions().length >= n);
    // Failure: the kubelet marks c not Ready; the slice follows, then Endpoints.
    const failedAt = clock.now();
    cluster.setReady('c', false);
    await seen(1);
    // A stream cut mid-drill: every watch ends; the informers back off, then resume from their resourceVersion.
    const slicesListed = listsOf(cluster, 'endpointslices');
    await dropAndRewatch(cluster, clock, { abrupt: true });
    resumedWithoutList = listsOf(cluster, 'endpointslices') === slicesListed;
    clock.advance(300);
    cluster.syncSlice();
    expected.slice = (clock.now() - failedAt) / 1000;
    await seen(3);
    clock.advance(150);
    cluster.syncEndpoints();
    expected.endpoints = (clock.now() - failedAt) / 1000;
    await seen(4);
    // 410 Gone: watches are refused for a while, history is compacted, so the informers must relist.
    cluster.server.fault({ path: /watch=1/, kind: 'status500', times: 10 });
    cluster.server.dropWatches();
    await waitFor('a watch refused', () => cluster.server.requests.some((r) => r.fault === 'status500'));
    cluster.setReady('b', false);
    cluster.server.compact();
    cluster.server.clearFaults();
    await pumpUntil(clock, 'the change seen by a relist', () => watch.transitions().length >= 5);
    await pumpUntil(clock, 'five open watches', () => cluster.server.openWatches >= 5);
    // Recovery of both: pods first, then the controllers.
    const recoveredAt = clock.now();
    cluster.setReady('b', true);
    cluster.setReady('c', true);
    await seen(7);
    clock.advance(300);
    cluster.syncSlice();
    expected.recoverySlice = (clock.now() - recoveredAt) / 1000;
    await seen(9);
    clock.advance(200);
    cluster.syncEndpoints();
    expected.recoveryEndpoints = (clock.now() - recoveredAt) / 1000;
    await seen(10);
    assert.equal(watch.finished(), false, 'still watching: --for has not elapsed on the watch clock');
    clock.advance(60_000);
    code = await watch.done;
    records = watch.transitions();
    stderr = watch.stderr();
    summary = watch.summary();
  });
  after(() => cluster.close());

  it('reports the failure in order: pod Ready, then its slice endpoint, then Endpoints, with latencies', () => {
    assert.deepEqual(records.slice(0, 4).map(brief), [
      `pod/${names.c} Ready True->False`,
      'endpointslice/web-wscv5 ready true->false',
      'endpointslice/web-wscv5 serving true->false',
      'endpoints/web address addresses->notReadyAddresses',
    ]);
    assert.ok(records.slice(1, 4).every((r) => r.pod === names.c && r.address === ips.c));
    assert.equal(latencyOf(records[1]), expected.slice);
    assert.equal(latencyOf(records[3]), expected.endpoints);
    assert.equal(Math.round((expected.endpoints - expected.slice) * 1000), 150, 'Endpoints followed the slice by the 150 ms the test waited');
    assert.match(records[0]?.reason ?? '', /readiness probe "cat \/tmp\/healthy" failing .*can't open/);
  });

  it('survives the cut stream and says so on stderr', () => {
    assert.match(stderr, /watch: \w+ reconnecting: connection closed/);
    assert.ok(resumedWithoutList, 'watches resumed from their resourceVersion, without a relist');
  });

  it('relists after 410 Gone: the change made while disconnected appears once, marked, and nothing is repeated', () => {
    assert.equal(brief(records[4]!), `pod/${names.b} Ready True->False (relist)`);
    const keys = records.map((r) => `${r.time} ${brief(r)} ${r.address ?? ''}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate transitions');
    assert.ok(Number(summary?.relists) >= 1, `relists ${String(summary?.relists)}`);
    assert.ok(cluster.server.requests.some((r) => !r.watch && r.status === 200 && r.path.endsWith('/pods')) && cluster.server.requests.some((r) => r.fault === 'status500'));
  });

  it('reports the recovery of both pods, the slice and Endpoints catching up after them', () => {
    const tail = records.slice(5).map(brief);
    assert.deepEqual(tail.filter((t) => t.startsWith('pod/')).sort(), [`pod/${names.c} Ready False->True`, `pod/${names.b} Ready False->True`]);
    assert.ok(tail.includes('endpointslice/web-wscv5 ready false->true'));
    assert.equal(tail.at(-1), 'endpoints/web address notReadyAddresses->addresses');
    const back = records.slice(5).find((r) => r.object === 'endpointslice/web-wscv5' && r.pod === names.c);
    assert.equal(latencyOf(back), 0.3);
    assert.equal(latencyOf(records.at(-1)), 0.5);
    assert.deepEqual([expected.recoverySlice, expected.recoveryEndpoints], [0.3, 0.5]);
    assert.equal(code, 0);
    assert.equal(summary?.ended, 'for 60s');
  });

  it('ends with a summary line of min / median / max latency', () => {
    const latency = summary?.latencySeconds as { endpointslice: { count: number; min: number; median: number; max: number } };
    assert.ok(latency.endpointslice.count >= 2);
    assert.equal(latency.endpointslice.min, Math.min(expected.slice, 0.3));
    assert.equal(latency.endpointslice.max, Math.max(expected.slice, 0.3));
    assert.ok(latency.endpointslice.min <= latency.endpointslice.median && latency.endpointslice.median <= latency.endpointslice.max);
  });
});

describe('watch against the API server: ending on its own', () => {
  let cluster: Cluster;
  before(async () => (cluster = await startCluster()));
  after(() => cluster.close());

  it('--until all-ready exits 0 once the pod that was out is back in its slice', async () => {
    cluster.setReady('c', false);
    cluster.syncSlice();
    const watch = startWatch(cluster, ['--for', '20s', '--until', 'all-ready']);
    await watch.watching();
    cluster.setReady('c', true);
    await waitFor('c Ready on the pod', () => watch.transitions().length >= 1);
    assert.equal(watch.finished(), false, 'Ready alone is not enough: the slice still says not ready');
    assert.equal(cluster.server.openWatches, 5);
    cluster.syncSlice();
    assert.equal(await watch.done, 0);
    assert.equal(watch.summary()?.ended, 'until all-ready');
    assert.deepEqual(watch.transitions().map(brief), [`pod/${names.c} Ready False->True`, 'endpointslice/web-wscv5 ready false->true', 'endpointslice/web-wscv5 serving false->true']);
  });

  /** `--for 2s --until any-not-ready` that never comes true: still watching at 1999 ms, exit 3 at 2 s on its clock. */
  async function untilNeverMet(streams?: number): Promise<void> {
    const watch = startWatch(cluster, ['--for', '2s', '--until', 'any-not-ready']);
    await watch.watching(streams);
    watch.clock.advance(1999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(watch.finished(), false, 'not before 2 s');
    watch.clock.advance(1);
    assert.equal(await watch.done, 3);
    assert.equal(watch.summary()?.ended, 'for 2s');
  }

  it('--for 2s with an --until that never comes true exits 3 when 2 s have passed on its clock', () => untilNeverMet());

  it('--for 2s alone exits 0', async () => {
    const watch = startWatch(cluster, ['--for', '2s']);
    await watch.watching();
    watch.clock.advance(2000);
    assert.equal(await watch.done, 0);
    assert.deepEqual(watch.transitions(), []);
  });

  it('explain --watch is the same watch: --for 2s exits 0 with a summary line', async () => {
    const watch = startWatch(cluster, ['--watch', '--for', '2s', '-o', 'json'], ['explain', 'svc/web']);
    await watch.watching();
    watch.clock.advance(2000);
    assert.equal(await watch.done, 0);
    assert.equal(watch.summary()?.ended, 'for 2s');
  });

  it('EndpointSlices forbidden: every pod unknown, so --until any-not-ready is never met and --for 2s ends it, exit 3 (was: exit 0 at once)', async () => {
    cluster.server.forbid('endpointslices');
    try {
      await untilNeverMet(4); // no EndpointSlice stream; unknown is not "not ready"
    } finally {
      cluster.server.allow('endpointslices');
    }
  });

  it('--until any-not-ready exits 0 as soon as a pod stops receiving traffic', async () => {
    const watch = startWatch(cluster, ['--for', '20s', '--until', 'any-not-ready']);
    await watch.watching();
    cluster.setReady('a', false);
    cluster.syncSlice();
    assert.equal(await watch.done, 0);
    assert.equal(watch.summary()?.ended, 'until any-not-ready');
    cluster.setReady('a', true);
    cluster.syncSlice();
  });

  it("follows the Service's selector: pods it stops selecting leave, the pod informer is restarted with the new selector", async () => {
    const watch = startWatch(cluster, ['--for', '2s']);
    await watch.watching();
    cluster.server.upsert({ ...pod(names.a, { ip: ips.a }), metadata: { ...pod(names.a).metadata, labels: { app: 'web', canary: 'yes' } } });
    cluster.server.mutate('Service', 'default', 'web', (svc) => void ((svc as Service).spec = { ...(svc as Service).spec, selector: { app: 'web', canary: 'yes' } }));
    const podWatches = () => cluster.server.requests.filter((r) => r.watch && r.path.endsWith('/pods')).map((r) => r.query.labelSelector);
    await waitFor('the pods it no longer selects', () => watch.transitions().length >= 2);
    await waitFor('a pod watch with the new selector', () => podWatches().at(-1) === 'app=web,canary=yes');
    watch.clock.advance(2000);
    assert.equal(await watch.done, 0);
    assert.deepEqual(watch.transitions().map(brief).sort(), [`pod/${names.c} exists true->false (relist)`, `pod/${names.b} exists true->false (relist)`]);
    assert.deepEqual(podWatches().slice(-2), ['app=web', 'app=web,canary=yes']);
    cluster.server.mutate('Service', 'default', 'web', (svc) => void ((svc as Service).spec = { ...(svc as Service).spec, selector: { app: 'web' } }));
  });

  it('the API server restarts: the watch backs off, reconnects, and reports what changed while it was down', async () => {
    const watch = startWatch(cluster, ['--for', '60s']);
    await watch.watching();
    // restart() drops every connection before it returns: the change below happens while the watch is cut off.
    const restarted = cluster.server.restart({ downMs: 1200 });
    cluster.setReady('a', false);
    await pumpUntil(watch.clock, 'the change made while down, and the streams back', () => watch.transitions().length > 0 && /connected again/.test(watch.stderr()));
    await restarted;
    watch.clock.advance(60_000);
    assert.equal(await watch.done, 0);
    assert.deepEqual(watch.transitions().map(brief), [`pod/${names.a} Ready True->False`]);
    assert.match(watch.stderr(), /reconnecting: connection (refused|closed)/);
    cluster.setReady('a', true);
  });

  it('a watch request that never answers is a stall: reconnected after --stall-timeout, and reported', async () => {
    const watch = startWatch(cluster, ['--for', '60s', '--stall-timeout', '1s']);
    await watch.watching();
    cluster.server.fault({ path: /watch=1.*fieldSelector=metadata.name|fieldSelector=metadata.name.*watch=1/, kind: 'stall', times: 2 });
    cluster.server.dropWatches();
    // Small steps: the healthy streams' bookmarks (every 200 ms of real time) keep them well inside 1 s of the watch's clock.
    await pumpUntil(watch.clock, 'a stall reported', () => /reconnecting: no data for 1s/.test(watch.stderr()), 50);
    watch.clock.advance(60_000);
    assert.equal(await watch.done, 0);
    assert.match(watch.stderr(), /reconnecting: no data for 1s/);
  });
});

describe('watch against the API server: failing before the first list', () => {
  let cluster: Cluster;
  before(async () => (cluster = await startCluster()));
  after(() => cluster.close());

  it('a Service that does not exist: one line, exit 1, no summary', async () => {
    const watch = startWatch(cluster, [], ['watch', 'svc/nope']);
    assert.equal(await watch.done, 1);
    assert.equal(watch.stderr(), 'error: service "nope" not found in namespace "default"\n');
    assert.equal(watch.summary(), undefined);
  });

  it("services forbidden: the server's own words, with the error's exit code", async () => {
    cluster.server.forbid('services');
    try {
      const watch = startWatch(cluster, []);
      assert.equal(await watch.done, 1);
      assert.match(watch.stderr(), /^error: services is forbidden: User "[^"]+" cannot list resource "services"/);
      assert.equal(watch.stderr().split('\n').length, 2, 'one line');
    } finally {
      cluster.server.allow('services');
    }
  });
});

describe('watch against the API server: an object of the wrong shape', () => {
  // The shape check explain's reads get (sources/cluster/gathering.ts servedProblem), on every
  // listed object and every event: a proxy or a broken server can serve anything.
  let cluster: Cluster;
  before(async () => (cluster = await startCluster()));
  after(() => cluster.close());
  const podIP = (ip: unknown) => (p: KubeObject) => void ((p as { status: Record<string, unknown> }).status.podIP = ip);
  const line = new RegExp(`the API server served Pod default/${names.a} with status\\.podIP .*`);

  it('in the first list: one line naming the object and the field, exit 1, no summary', async () => {
    cluster.server.mutate('Pod', 'default', names.a, podIP(42));
    try {
      const watch = startWatch(cluster, ['--for', '60s']);
      assert.equal(await watch.done, 1);
      assert.match(watch.stderr(), new RegExp(`^error: ${line.source}\n$`));
      assert.equal(watch.summary(), undefined);
    } finally {
      cluster.server.mutate('Pod', 'default', names.a, podIP(ips.a));
    }
  });

  it('in an event: the object is not used, the pods are listed again until the server serves it right', async () => {
    const watch = startWatch(cluster, ['--for', '60s']);
    await watch.watching();
    cluster.server.mutate('Pod', 'default', names.a, podIP(42));
    await pumpUntil(watch.clock, 'the wrong shape reported', () => line.test(watch.stderr()));
    assert.match(watch.stderr(), new RegExp(`watch: Pod reconnecting: ${line.source}`));
    assert.ok(!watch.transitions().some((t) => JSON.stringify(t).includes('"podIP":42')), 'no transition from the object of the wrong shape');
    cluster.server.mutate('Pod', 'default', names.a, podIP(ips.a));
    await pumpUntil(watch.clock, 'the pods listed again', () => /watch: Pod connected again/.test(watch.stderr()));
    watch.clock.advance(60_000);
    assert.equal(await watch.done, 0);
  });
});

describe('watch against the API server: credentials that expire', () => {
  // An exec plugin's token expires (EKS: 15 minutes); client-node runs the plugin again once the
  // ExecCredential's expirationTimestamp has passed, so a 401 asks for the credentials again and
  // the request is tried once more with them (src/sources/cluster/transport.ts).
  it('the token is rotated mid-watch: the streams come back with the new one, and the watch goes on', async () => {
    const cluster = await startCluster({ token: 'first' });
    const dir = mkdtempSync(join(tmpdir(), 'slices-token-'));
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'first');
      const plugin = join(dir, 'get-token.sh');
      const credential = `{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"2000-01-01T00:00:00Z"}}`;
      writeFileSync(plugin, `#!/bin/sh\nprintf '${credential}' "$(cat '${tokenFile}')"\n`, { mode: 0o755 });
      const config = load(cluster.server.kubeconfigYaml()) as { users: { user: Record<string, unknown> }[] };
      if (config.users[0]) config.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
      writeFileSync(cluster.kubeconfig, dump(config));
      const watch = startWatch(cluster, ['--for', '60s']);
      await watch.watching();
      writeFileSync(tokenFile, 'second');
      cluster.server.requireToken('second');
      cluster.server.dropWatches();
      const renewed = () => cluster.server.requests.filter((r) => r.watch && r.status === 200 && r.authorization === 'Bearer second').length;
      await pumpUntil(watch.clock, 'five watches open with the new token', () => renewed() >= 5);
      assert.ok(cluster.server.requests.some((r) => r.status === 401), 'the old token was refused first');
      assert.doesNotMatch(watch.stderr(), /401|Unauthorized/);
      watch.clock.advance(60_000);
      assert.equal(await watch.done, 0);
    } finally {
      await cluster.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * `watch --collect-dataplane=1s` against the in-memory API server, on the readiness drill of
 * examples/readiness-drill (one minikube node, real `iptables-save` before and after kube-proxy
 * dropped 10.244.0.8): the pod turns not Ready, its slice endpoint follows, and a later read of the
 * node's rules shows the rule for its address gone, measured from the slice change on the watch's
 * own clock. The test moves that clock and waits on what the server served and the watch printed;
 * no assertion depends on how fast the machine is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { startWatch, waitFor, type Cluster, type RunningWatch } from './live.ts';

const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const DRILL = file('examples/readiness-drill/objects.yaml');
const BEFORE = file('examples/readiness-drill/iptables-save.before.txt');
const AFTER = file('examples/readiness-drill/iptables-save.after.txt');
const C = 'readiness-deployment-b5d4f7c47-jl97z';

const brief = (r: TransitionRecord) => `${r.object} ${r.field} ${String(r.from)}->${String(r.to)}`;

async function drillCluster(): Promise<Cluster> {
  const server: ApiServer = await startApiServer({ snapshotFile: DRILL, nodeDumps: [{ node: 'minikube', file: BEFORE }], bookmarkIntervalMs: 200 });
  // The capture is from after the probe failed: put pod c and its endpoint back as they were before.
  server.setPodReady('default', C, true, { endpoints: true });
  const dir = mkdtempSync(join(tmpdir(), 'slices-watch-rules-'));
  const kubeconfig = join(dir, 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
  return {
    server,
    kubeconfig,
    setReady: () => assert.fail('not used'),
    syncSlice: () => assert.fail('not used'),
    syncEndpoints: () => assert.fail('not used'),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Execs whose answer the server has sent in full. */
const execs = (cluster: Cluster) => cluster.server.requests.filter((r) => r.exec?.closed).length;

describe('watch --collect-dataplane: the dataplane step of a readiness drill', () => {
  let cluster: Cluster;
  let watch: RunningWatch;
  let records: TransitionRecord[];
  let summary: Record<string, unknown> | undefined;
  let code: number;

  before(async () => {
    cluster = await drillCluster();
    watch = startWatch(cluster, ['--collect-dataplane=1s', '--for', '30s'], ['watch', 'svc/readiness-deployment']);
    const { clock } = watch;
    await watch.watching();
    // The first read (once every kind is listed) is the node's baseline: nat and filter tables.
    await waitFor('the first read of minikube', () => execs(cluster) >= 2);
    const seen = (n: number) => waitFor(`${n} transitions`, () => watch.transitions().length >= n);
    clock.advance(100);
    cluster.server.setPodReady('default', C, false);
    await seen(1);
    // The interval's read at +1s still finds the rule: kube-proxy has not synced.
    clock.advance(1000);
    await waitFor('the second read of minikube', () => execs(cluster) >= 4);
    cluster.server.setPodReady('default', C, false, { endpoints: true });
    await waitFor('the slice change', () => watch.transitions().some((r) => r.object.startsWith('endpointslice/')));
    // kube-proxy syncs; the read at +2s sees it, and it is reported at the watch's time then.
    cluster.server.setNodeDump('minikube', AFTER);
    clock.advance(1900);
    await waitFor('the rule change', () => watch.transitions().some((r) => r.object === 'node/minikube'));
    clock.advance(30_000);
    code = await watch.done;
    records = watch.transitions();
    summary = watch.summary();
  });
  after(() => cluster.close());

  it('reports pod, slice, Endpoints, then the rule removed on the node, in that order', () => {
    assert.equal(code, 0, watch.stderr());
    assert.deepEqual(records.map(brief), [
      `pod/${C} Ready True->False`,
      'endpointslice/readiness-deployment-wscv5 ready true->false',
      'endpointslice/readiness-deployment-wscv5 serving true->false',
      'endpoints/readiness-deployment address addresses->notReadyAddresses',
      'node/minikube rule present->absent',
    ]);
  });

  it('measures the rule change from the slice change (+1.9s on the watch clock), and names the pod and address', () => {
    const rule = records.find((r) => r.object === 'node/minikube');
    assert.equal(rule?.address, '10.244.0.8');
    assert.equal(rule?.pod, C);
    assert.equal(rule?.sinceSliceChangeSeconds, 1.9);
    assert.equal(rule?.sincePodTransitionSeconds, undefined, 'a rule change is not measured from the pod');
    assert.equal(records.find((r) => r.object.startsWith('endpointslice/'))?.sincePodTransitionSeconds, 1);
  });

  it('adds the dataplane step to the summary', () => {
    const latency = summary?.latencySeconds as Record<string, unknown>;
    assert.deepEqual(latency.dataplane, { count: 1, min: 1.9, median: 1.9, max: 1.9 });
    assert.equal(summary?.ruleChanges, 1);
    assert.equal(summary?.endpointChanges, 3, 'rule changes are not endpoint changes');
  });

  it('read the node through its kube-proxy pod only, nat and filter each time', () => {
    const commands = new Set(cluster.server.requests.filter((r) => r.exec).map((r) => r.exec?.command.join(' ')));
    assert.deepEqual([...commands].sort(), ['iptables-save -t filter', 'iptables-save -t nat']);
  });
});

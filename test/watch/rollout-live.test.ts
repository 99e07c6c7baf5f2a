/**
 * A rolling update watched against the in-memory API server, driven through its control API as
 * the controllers would write it: a new pod is created, passes its probe, its load-balancer
 * readiness gate turns True, it is Ready and ready in the slice; then an old pod is deleted, its
 * endpoint turns terminating, its 5 s preStop sleep runs out, it stops serving and leaves the
 * slice. The watch's clock moves only when the test advances it, so every time in the timeline
 * and the summary is the test's own step, whatever the machine's load.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Pod } from '../../src/kubernetes/objects.ts';
import type { TransitionRecord } from '../../src/render/ndjson.ts';
import type { RolloutSummary } from '../../src/watch/rolloutSummary.ts';
import { startApiServer, type ApiServer } from '../apiserver/server.ts';
import { endpointFor, pod, service, slice } from '../explain/builders.ts';
import { startWatch, waitFor } from './live.ts';

const GATE = 'target-health.elbv2.k8s.aws/k8s-default-web-1a2b3c4d5e';
const [OLD_A, OLD_B, NEW] = ['web-5d4f-qftwz', 'web-5d4f-mbcjg', 'web-7c9d-x4k2p'];

/** A pod of the rollout: preStop sleep 5 s in a 30 s grace period, the load balancer's gate, its conditions as given. */
function rolloutPod(name: string, o: { ip: string; containersReady: boolean; gate: 'True' | 'False' | null; deletion?: string }): Pod {
  const p = pod(name, { ip: o.ip, ready: o.containersReady && o.gate === 'True', gate: { type: GATE, status: o.gate ?? 'False' } });
  const conditions = (p.status?.conditions ?? []).filter((c) => o.gate !== null || c.type !== GATE).map((c) => (c.type === 'ContainersReady' ? { ...c, status: o.containersReady ? ('True' as const) : ('False' as const) } : c));
  const container = p.spec!.containers![0]!;
  container.lifecycle = { preStop: { sleep: { seconds: 5 } } };
  return {
    ...p,
    metadata: { ...p.metadata, ...(o.deletion ? { deletionTimestamp: o.deletion, deletionGracePeriodSeconds: 30 } : {}) },
    spec: { ...p.spec, terminationGracePeriodSeconds: 30 },
    status: { ...p.status, conditions },
  };
}

const brief = (r: TransitionRecord) => `${r.object.replace('endpointslice/', 'slice/')} ${r.field}${r.gate ? `(${r.gate.split('/')[0]})` : ''} ${String(r.from)}->${String(r.to)}`;

describe('watch a rollout against the API server', () => {
  let server: ApiServer;
  let dir: string;
  let records: TransitionRecord[] = [];
  let rollout: RolloutSummary | null = null;

  before(async () => {
    const a = rolloutPod(OLD_A, { ip: '10.244.0.6', containersReady: true, gate: 'True' });
    const b = rolloutPod(OLD_B, { ip: '10.244.0.7', containersReady: true, gate: 'True' });
    const sliceOf = (pods: Pod[]) => slice('web-wscv5', pods.map((p) => endpointFor(p)));
    server = await startApiServer({ objects: [service(), a, b, sliceOf([a, b])], bookmarkIntervalMs: 200 });
    dir = mkdtempSync(join(tmpdir(), 'slices-rollout-'));
    const kubeconfig = join(dir, 'kubeconfig');
    server.writeKubeconfig(kubeconfig);
    const watch = startWatch({ server, kubeconfig }, ['--for', '120s', '-o', 'json']);
    const { clock } = watch;
    await watch.watching();
    const seen = (n: number) => waitFor(`${n} transitions`, () => watch.transitions().length >= n);
    const step = async (ms: number, write: () => void, transitions: number) => {
      clock.advance(ms);
      write();
      await seen(transitions);
    };
    // The new pod, gated in.
    let fresh = rolloutPod(NEW, { ip: '10.244.0.11', containersReady: false, gate: null });
    await step(0, () => server.upsert(fresh), 1);
    await step(1_000, () => server.upsert(sliceOf([a, b, fresh])), 2);
    await step(2_000, () => server.upsert((fresh = rolloutPod(NEW, { ip: '10.244.0.11', containersReady: true, gate: 'False' }))), 4);
    await step(3_000, () => server.upsert((fresh = rolloutPod(NEW, { ip: '10.244.0.11', containersReady: true, gate: 'True' }))), 6);
    await step(1_000, () => server.upsert(sliceOf([a, b, fresh])), 8);
    // The old pod out, at 07:59:08: deletionTimestamp 07:59:38 with its 30 s grace period.
    clock.advance(1_000);
    const deleted = rolloutPod(OLD_A, { ip: '10.244.0.6', containersReady: true, gate: 'True', deletion: '2024-07-03T07:59:38Z' });
    await step(0, () => server.upsert(deleted), 9);
    await step(1_000, () => server.upsert(sliceOf([deleted, b, fresh])), 11);
    const stopped = rolloutPod(OLD_A, { ip: '10.244.0.6', containersReady: false, gate: 'True', deletion: '2024-07-03T07:59:38Z' });
    await step(5_000, () => server.upsert(stopped), 13);
    await step(1_000, () => server.upsert(sliceOf([stopped, b, fresh])), 14);
    await step(500, () => server.remove('Pod', 'default', OLD_A), 15);
    await step(1_000, () => server.upsert(sliceOf([b, fresh])), 16);
    clock.advance(120_000);
    assert.equal(await watch.done, 0, watch.stderr());
    records = watch.transitions();
    rollout = (watch.summary()?.rollout ?? null) as RolloutSummary | null;
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the new pod: added, ContainersReady, its gate True, Ready, then ready in the slice', () => {
    assert.deepEqual(records.filter((r) => r.pod === NEW).map(brief), [
      `pod/${NEW} exists false->true`,
      'slice/web-wscv5 exists false->true',
      `pod/${NEW} ContainersReady False->True`,
      `pod/${NEW} gate(target-health.elbv2.k8s.aws) null->False`,
      `pod/${NEW} gate(target-health.elbv2.k8s.aws) False->True`,
      `pod/${NEW} Ready False->True`,
      'slice/web-wscv5 ready false->true',
      'slice/web-wscv5 serving false->true',
    ]);
  });

  it('the old pod: terminating, not ready but serving in the slice, not Ready once its preStop sleep ran out, not serving, gone, removed', () => {
    assert.deepEqual(records.filter((r) => r.pod === OLD_A).map(brief), [
      `pod/${OLD_A} terminating false->true`,
      'slice/web-wscv5 ready true->false',
      'slice/web-wscv5 terminating false->true',
      `pod/${OLD_A} ContainersReady True->False`,
      `pod/${OLD_A} Ready True->False`,
      'slice/web-wscv5 serving true->false',
      `pod/${OLD_A} exists true->false`,
      'slice/web-wscv5 exists true->false',
    ]);
  });

  it('the summary: routable 1 s after the delete request, removed after 8.5 s, covered by the 5 s preStop sleep', () => {
    assert.deepEqual(rollout?.terminated.map((t) => [t.pod, t.routableSeconds, t.removedSeconds, t.preStop, t.preStopSeconds]), [[OLD_A, 1, 8.5, 'sleep action 5s', 5]]);
    assert.deepEqual(rollout?.longest, { pod: OLD_A, seconds: 1 });
    assert.equal(rollout?.preStop?.verdict, 'covers');
    assert.deepEqual(rollout?.recommendation.measured ? rollout.recommendation.seconds : null, 1);
  });
});

/**
 * The over-capacity scenario is too large for a golden file a person can review (1,200 pods:
 * 71,853 lines of JSON). So every pod is checked here, by rule, and the golden files keep only a
 * sample: the first pod by name on worker-01, -07, -08, -09 and -10 (the last two sides of the
 * 1000-address cut, and a 10.244.1x.* pod that sorts before it), plus everything that is not a pod row.
 */
import assert from 'node:assert/strict';
import type { Explanation, PodReport } from '../../../src/explain/types.ts';

const PODS = 1200;
/** The Endpoints controller keeps the first 1000 addresses by IP string: 10.244.8.* and 10.244.9.* sort last. */
const TRUNCATED_NODES = new Set(['worker-08', 'worker-09']);
const SAMPLE_NODES = ['worker-01', 'worker-07', 'worker-08', 'worker-09', 'worker-10'];

export function check(doc: Explanation, table: string): void {
  assert.equal(doc.pods.length, PODS);
  assert.deepEqual([doc.summary.pods, doc.summary.receiving, doc.summary.notReceiving], [PODS, PODS, 0]);
  assert.deepEqual(doc.summary.endpoints, { ready: 1000, listed: 1000 });
  // The generated pods have no preStop hook: true of all 1,200, said once.
  assert.deepEqual(doc.findings.map((f) => f.code), ['EndpointsOverCapacity', 'NoPreStopDelay'], 'over capacity, and no EndpointsMismatch for the 200 left out');
  assert.deepEqual(doc.endpointsWithoutPods, []);
  const truncated = doc.pods.filter((p) => TRUNCATED_NODES.has(p.node ?? ''));
  assert.equal(truncated.length, 200);
  for (const pod of doc.pods) {
    const left = TRUNCATED_NODES.has(pod.node ?? '');
    assert.equal(pod.verdict, 'receives', pod.name);
    assert.equal(pod.endpoints, left ? 'absent' : 'ready', pod.name);
    assert.deepEqual(pod.reasons.map((r) => r.code), left ? ['EndpointsTruncated'] : [], pod.name);
    assert.equal(pod.dataplane.length, 1, pod.name);
    assert.ok(Math.abs((pod.dataplane[0]?.share ?? 0) - 1 / PODS) < 1e-6, `${pod.name}: share ${pod.dataplane[0]?.share}`);
  }
  const slices = new Map<string, number>();
  for (const pod of doc.pods) for (const e of pod.endpointSlices) slices.set(e.slice, (slices.get(e.slice) ?? 0) + 1);
  assert.deepEqual([...slices.values()], new Array(12).fill(100), '12 slices of 100 (maxEndpointsPerSlice)');
  const rows = table.split('\n').filter((line) => line.startsWith('ingest-worker-'));
  assert.equal(rows.length, PODS);
  assert.ok(rows.every((row) => /^\S+\s+receives\s+True\s+ready\s+(ready|absent)\s+0\.1%\s/.test(row)), 'every row: receives, 0.1% on worker-01');
  assert.equal(rows.filter((row) => /\s+absent\s+0\.1%\s+10\.244\.[89]\./.test(row)).length, 200);
}

/** The golden files: the sample pods, and all of the rest. */
export function trim(doc: Explanation, table: string): { json: unknown; table: string } {
  const sample = SAMPLE_NODES.map((node) => doc.pods.find((p) => p.node === node)).filter((p): p is PodReport => p !== undefined);
  const names = new Set(sample.map((p) => p.name));
  const lines = table.split('\n');
  const rows = lines.filter((line) => line.startsWith('ingest-worker-'));
  const kept = lines.filter((line) => !line.startsWith('ingest-worker-') || names.has(line.split(' ')[0] ?? ''));
  const last = kept.findLastIndex((line) => line.startsWith('ingest-worker-'));
  kept.splice(last + 1, 0, `(${rows.length - sample.length} more pod rows, each checked by expect.ts)`);
  return {
    json: { note: `pods: ${sample.length} of ${doc.pods.length}, the first by name on ${SAMPLE_NODES.join(', ')}; expect.ts checks every pod`, explanation: { ...doc, pods: sample } },
    table: kept.join('\n'),
  };
}

/**
 * explain/readiness/events.ts: the kubelet's probe failures, found and quoted. The kubelet records
 * a Warning "Unhealthy" event with fieldPath spec.containers{NAME} and a message starting
 * "<Kind> probe failed" (pkg/kubelet/prober/prober.go recordContainerEvent).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestProbeFailure, quoteEvent } from '../../../src/explain/readiness/events.ts';
import type { EventObject } from '../../../src/kubernetes/objects.ts';
import { pod, probeFailure } from '../builders.ts';

const p = pod('web-1-aaaaa');
const at = (e: EventObject, lastTimestamp: string, fieldPath = 'spec.containers{app}'): EventObject => ({ ...e, lastTimestamp, involvedObject: { ...e.involvedObject, fieldPath } as EventObject['involvedObject'] });

describe('latestProbeFailure: the newest matching event of that pod, container and probe kind', () => {
  const older = at(probeFailure(p, 'Readiness probe failed: old'), '2024-07-03T07:50:00Z');
  const newer = at(probeFailure(p, 'Readiness probe failed: new'), '2024-07-03T07:59:00Z');
  const sidecar = at(probeFailure(p, 'Readiness probe failed: sidecar'), '2024-07-03T08:00:00Z', 'spec.containers{proxy}');
  const startup = at(probeFailure(p, 'Startup probe failed: slow'), '2024-07-03T08:01:00Z');
  const other = at(probeFailure(pod('web-1-bbbbb'), 'Readiness probe failed: other pod'), '2024-07-03T08:02:00Z');
  const cases: { name: string; kind: 'Readiness' | 'Startup'; message: string | undefined }[] = [
    { name: 'readiness: the newest for container app, not the sidecar, the startup probe or another pod', kind: 'Readiness', message: 'Readiness probe failed: new' },
    { name: 'startup: only startup probe failures', kind: 'Startup', message: 'Startup probe failed: slow' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(latestProbeFailure([older, newer, sidecar, startup, other], 'web-1-aaaaa', 'app', c.kind)?.message, c.message));
});

describe('quoteEvent: the output quoted, the prefix dropped, repeats counted', () => {
  const cases: { name: string; message: string; count: number; quote: string }[] = [
    { name: 'once', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 1, quote: '"HTTP probe failed with statuscode: 503"' },
    { name: 'repeated', message: 'Readiness probe failed: connection refused', count: 143, quote: '143x: "connection refused"' },
    { name: 'an exec probe that printed nothing', message: 'Readiness probe failed: ', count: 42, quote: '42x, no output' },
    { name: 'whitespace folded to one line', message: 'Readiness probe failed: line one\n  line two', count: 1, quote: '"line one line two"' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(quoteEvent(probeFailure(p, c.message, c.count)), c.quote));
});

/**
 * model/observed.ts: "now" for the explain core, from the input. The capture time where the source
 * knows it; else the newest time the objects carry, a lower bound of when they were read (so a
 * duration measured to it never overstates); never a deletionTimestamp, which lies in the future.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observedAt } from '../../src/model/observed.ts';
import type { Snapshot } from '../../src/model/snapshot.ts';
import { pod, probeFailure, service, snapshot } from '../explain/builders.ts';

const p = pod('web-1-aaaaa', { ready: false, deleting: true });

const cases: { name: string; input: Partial<Snapshot> & { service: Snapshot['service'] }; observed: ReturnType<typeof observedAt> }[] = [
  { name: 'a capture time wins over anything the objects say', input: { service: service(), pods: [p], capturedAt: '2024-07-03T09:00:00Z' }, observed: { time: Date.parse('2024-07-03T09:00:00Z'), source: 'capture' } },
  {
    name: "without one, the newest time in the objects: here the Unhealthy event's lastTimestamp, not the deletionTimestamp ahead of it",
    input: { service: service(), pods: [p], events: [probeFailure(p, 'Readiness probe failed: ', 3)] },
    observed: { time: Date.parse('2024-07-03T07:59:19Z'), source: 'objects' },
  },
  { name: 'a container start when nothing newer is there', input: { service: service(), pods: [pod('web-1-bbbbb')] }, observed: { time: Date.parse('2024-07-03T07:58:40Z'), source: 'objects' } },
  { name: 'nothing carries a time: unknown', input: { service: service() }, observed: null },
];

describe('observedAt', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(observedAt(snapshot(c.input)), c.observed));
});

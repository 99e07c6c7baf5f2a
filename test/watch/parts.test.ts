import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { systemClock } from '../../src/cli/watch/clock.ts';
import { podColumns, podCells } from '../../src/render/watch/podColumns.ts';
import { addLatency, NO_LATENCY, summarizeLatency } from '../../src/watch/latency.ts';
import { backoffDelay } from '../../src/sources/cluster/watch/backoff.ts';
import { LineDecoder } from '../../src/sources/cluster/watch/lines.ts';
import { run, baseline } from './fixtures.ts';

describe('watch parts', () => {
  it('backoff doubles from 0.5 s and stops at 30 s, jittered down by at most a fifth', () => {
    assert.deepEqual([0, 1, 2, 3].map((n) => backoffDelay(n, undefined, 1)), [500, 1000, 2000, 4000]);
    assert.equal(backoffDelay(20, undefined, 1), 30_000);
    assert.equal(backoffDelay(0, undefined, 0), 400);
  });

  it('a watch event split across chunks is decoded once it is complete', () => {
    const decoder = new LineDecoder();
    assert.deepEqual(decoder.push('{"type":"ADD'), []);
    assert.deepEqual(decoder.push('ED"}\n{"type":"BOOKMARK"}\n\n{"ty'), ['{"type":"ADDED"}', '{"type":"BOOKMARK"}']);
    assert.deepEqual(decoder.push('pe":"DELETED"}\n'), ['{"type":"DELETED"}']);
  });

  it('latency figures are exact to the millisecond in bounded memory', () => {
    let stats = NO_LATENCY;
    for (let i = 0; i < 10_000; i++) stats = addLatency(stats, 1 + (i % 3) / 10);
    assert.deepEqual(summarizeLatency(stats), { count: 10_000, min: 1, median: 1.1, max: 1.2 });
    assert.equal(stats.histogram.size, 3);
    assert.deepEqual(summarizeLatency(NO_LATENCY), { count: 0, min: null, median: null, max: null });
  });

  it('pod columns drop the reason first, then Endpoints, Ready and the slice as the screen narrows', () => {
    const rows = run(baseline()).explanation?.pods.map(podCells) ?? [];
    const keys = (width: number) => podColumns(width, rows).map((c) => c.key).join(' ');
    assert.equal(keys(80), 'pod verdict ready slice endpoints reason');
    assert.equal(keys(50), 'pod verdict ready slice endpoints');
    assert.equal(keys(40), 'pod verdict ready slice endpoints');
    assert.equal(keys(39), 'pod verdict ready slice');
    assert.equal(keys(28), 'pod verdict slice');
    assert.equal(keys(20), 'pod verdict');
  });

  it('the system clock waits out a --for longer than setTimeout can (2^31-1 ms, about 24.8 days) in steps', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let fired = 0;
      systemClock().after(2 ** 31 + 5, () => fired++);
      mock.timers.tick(2 ** 31 - 1);
      assert.equal(fired, 0, 'not at the first step');
      mock.timers.tick(5);
      assert.equal(fired, 0, 'not a millisecond early');
      mock.timers.tick(1);
      assert.equal(fired, 1);
      const cancel = systemClock().after(2 ** 31 + 5, () => fired++);
      mock.timers.tick(2 ** 31 - 1);
      cancel();
      mock.timers.tick(10);
      assert.equal(fired, 1, 'cancelled between steps');
    } finally {
      mock.timers.reset();
    }
  });
});

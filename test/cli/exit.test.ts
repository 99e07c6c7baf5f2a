/**
 * The executable ends with process.exit once its output has left stdout and stderr
 * (src/cli/exit.ts): sooner than Node's own teardown, and never with part of the output dropped
 * (the bundle's whole output through a socket and a pipe: stdout.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitOnceWritten, type QueuedOutput } from '../../src/cli/exit.ts';

/** A stream that holds `queued` bytes and completes its writes only when the test says so. */
class HeldOutput implements QueuedOutput {
  readonly callbacks: ((error?: Error | null) => void)[] = [];
  constructor(readonly writableLength: number) {}
  write(_chunk: string, callback: (error?: Error | null) => void): boolean {
    this.callbacks.push(callback);
    return false;
  }
}

describe('exitOnceWritten', () => {
  it('exits at once when nothing is queued, writing nothing', () => {
    const stdout = new HeldOutput(0);
    let exits = 0;
    exitOnceWritten([stdout], () => (exits += 1));
    assert.equal(exits, 1);
    assert.equal(stdout.callbacks.length, 0);
  });

  it('waits for a stream that still holds bytes (a pipe whose reader is behind)', () => {
    const stdout = new HeldOutput(4096);
    let exits = 0;
    exitOnceWritten([stdout], () => (exits += 1));
    assert.equal(exits, 0);
    stdout.callbacks[0]?.();
    assert.equal(exits, 1);
  });

  it('waits for the last of stdout and stderr, and exits once', () => {
    const stdout = new HeldOutput(10);
    const stderr = new HeldOutput(20);
    let exits = 0;
    exitOnceWritten([stdout, stderr], () => (exits += 1));
    stderr.callbacks[0]?.();
    assert.equal(exits, 0);
    stdout.callbacks[0]?.();
    assert.equal(exits, 1);
  });

  it('exits when a write fails instead (the reader went away)', () => {
    const stdout = new HeldOutput(10);
    let exits = 0;
    exitOnceWritten([stdout], () => (exits += 1));
    stdout.callbacks[0]?.(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    assert.equal(exits, 1);
  });
});

/**
 * A dump as a series of byte chunks that each end at a line end, so the service filter can search
 * a file many times its memory without holding it, and without any I/O of its own: the caller
 * hands in a `read` function (a file descriptor, or bytes already in memory).
 */
import { Buffer } from 'node:buffer';
import { leaseChunkBuffer } from '../../dataplane/scanMemory.ts';
import { NEWLINE } from './chars.ts';

export interface DumpChunk {
  /** Whole lines; only valid until the next chunk is asked for. */
  bytes: Buffer;
  /** Offset of `bytes[0]` in the dump. */
  base: number;
}

/** Reads up to `length` bytes into `into` at `offset`; returns how many, 0 at the end. */
export type ReadBytes = (into: Buffer, offset: number, length: number) => number;

/**
 * Starts a new pass over the dump, from byte `from` (a line start) to byte `to` (a line start, or
 * the end); the whole dump without them.
 */
export type DumpPass = (from?: number, to?: number) => Iterable<DumpChunk>;

export const CHUNK_SIZE = 1 << 20;

/**
 * The chunks of one pass over whatever `read` returns, `read` starting at byte `base`. They are
 * read into the scan memory when it is free (dataplane/scanMemory.ts), where a Needle can search
 * them with the vector search.
 */
export function* lineChunks(read: ReadBytes, base = 0, size = CHUNK_SIZE): Generator<DumpChunk> {
  const lease = leaseChunkBuffer(size);
  let buffer: Buffer = lease?.bytes ?? Buffer.allocUnsafe(size);
  let filled = 0;
  try {
    for (;;) {
      if (filled === buffer.length) buffer = grow(buffer); // one line longer than the buffer
      const count = read(buffer, filled, buffer.length - filled);
      if (count === 0) {
        if (filled > 0) yield { bytes: buffer.subarray(0, filled), base };
        return;
      }
      filled += count;
      const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) continue;
      yield { bytes: buffer.subarray(0, lastNewline + 1), base };
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      base += lastNewline + 1;
      filled -= lastNewline + 1;
    }
  } finally {
    lease?.release();
  }
}

function grow(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}

/** A pass over bytes already in memory, as one chunk. */
export function memoryPass(bytes: Buffer): DumpPass {
  return (from = 0, to = bytes.length) => [{ bytes: bytes.subarray(from, to), base: from }];
}

/** `read` limited to the bytes before `to` (relative to where `read` starts, `from`). */
export function readUpTo(read: ReadBytes, from: number, to: number | undefined): ReadBytes {
  if (to === undefined) return read;
  let left = to - from;
  return (into, offset, length) => {
    if (left <= 0) return 0;
    const count = read(into, offset, Math.min(length, left));
    left -= count;
    return count;
  };
}

/** 1-based line numbers of the sorted line-start `offsets`, counted in one more pass. */
export function lineNumbersIn(pass: DumpPass, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  if (offsets.length === 0) return lines; // a clean dump is not read again
  let line = 1;
  for (const { bytes, base } of pass()) {
    if (lines.length >= offsets.length) break;
    let pos = 0;
    for (let target = nextTarget(offsets, lines.length, base); target < bytes.length; target = nextTarget(offsets, lines.length, base)) {
      line += countNewlines(bytes, pos, target);
      pos = Math.max(pos, target);
      lines.push(line);
    }
    line += countNewlines(bytes, pos, bytes.length);
  }
  while (lines.length < offsets.length) lines.push(line);
  return lines;
}

function nextTarget(offsets: readonly number[], index: number, base: number): number {
  const offset = offsets[index];
  return offset === undefined ? Number.POSITIVE_INFINITY : offset - base;
}

function countNewlines(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let nl = bytes.indexOf(NEWLINE, from); nl >= 0 && nl < to; nl = bytes.indexOf(NEWLINE, nl + 1)) count++;
  return count;
}

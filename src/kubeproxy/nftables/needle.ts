/**
 * A byte search that stays on V8's fast path. Buffer#indexOf looks for a needle shorter than 7
 * bytes with memchr on its first byte and a short compare, but runs Boyer-Moore-Horspool for longer
 * ones, which on dump text (digits, dashes, slashes everywhere) is several times slower. So a long
 * needle is searched by its 6-byte window that is rarest in a sample of the dump, and each hit is
 * checked against the whole needle.
 */
import { Buffer } from 'node:buffer';

const WINDOW = 6;
const SAMPLE = 1 << 16;

/** A stretch `[start, end)` of a buffer. */
export interface Span {
  start: number;
  end: number;
}

export class Needle {
  readonly bytes: Buffer;
  private window: Buffer;
  private at = 0;

  constructor(text: string) {
    this.bytes = Buffer.from(text);
    this.window = this.bytes.subarray(0, WINDOW);
  }

  /** Picks the window found least often in `sample` (the first 64 KiB of the dump are plenty). */
  tune(sample: Buffer): this {
    if (this.bytes.length <= WINDOW) return this;
    const head = sample.subarray(0, SAMPLE);
    let best = { at: 0, count: Number.POSITIVE_INFINITY };
    for (let at = 0; at + WINDOW <= this.bytes.length; at++) {
      const window = this.bytes.subarray(at, at + WINDOW);
      let count = 0;
      for (let hit = head.indexOf(window); hit >= 0 && count < best.count; hit = head.indexOf(window, hit + 1)) count++;
      if (count < best.count) best = { at, count };
    }
    this.at = best.at;
    this.window = this.bytes.subarray(best.at, best.at + WINDOW);
    return this;
  }

  /** Calls `visit` with the start of each whole occurrence in `bytes` (within `span` when given). */
  forEach(bytes: Buffer, span: Span | null, visit: (hit: number) => void): void {
    const start = span?.start ?? 0;
    const end = span?.end ?? bytes.length;
    for (let hit = bytes.indexOf(this.window, start + this.at); hit >= 0 && hit < end; hit = bytes.indexOf(this.window, hit + 1)) {
      const at = hit - this.at;
      if (at >= start && this.matchesAt(bytes, at, end)) visit(at);
    }
  }

  private matchesAt(bytes: Buffer, at: number, end: number): boolean {
    const needle = this.bytes;
    if (at + needle.length > end) return false;
    for (let i = 0; i < needle.length; i++) if (bytes[at + i] !== needle[i]) return false;
    return true;
  }
}

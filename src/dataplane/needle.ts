/**
 * A byte search that stays on the fast path of Buffer#indexOf, for every dump reader that looks
 * for a few words in a million lines (iptables, nftables, ipvsadm, Cilium).
 *
 * Node's search (src/string_search.h) looks for a needle shorter than 7 bytes with memchr on its
 * first byte and a short compare at each stop, but for longer ones soon falls back to
 * Boyer-Moore-Horspool, which on dump text (digits, dashes, slashes everywhere) is several times
 * slower. And memchr is only as fast as the first byte is rare: a needle starting with `0` or `-`
 * stops at every other word. So a long needle is searched by one 6-byte window of it, the one
 * whose first byte and whole text are rarest in a sample of the dump, and each hit is checked
 * against the whole needle.
 */
import { Buffer } from 'node:buffer';

const WINDOW = 6;
const SAMPLE = 1 << 14;
/** What a hit of the window costs (a call back into JS) against a memchr stop on its first byte. */
const HIT_COST = 16;

/** A stretch `[start, end)` of a buffer. */
export interface Span {
  start: number;
  end: number;
}

export class Needle {
  readonly bytes: Buffer;
  private window: Buffer;
  private at = 0;

  constructor(text: string | Buffer) {
    this.bytes = typeof text === 'string' ? Buffer.from(text) : text;
    this.window = this.bytes.subarray(0, WINDOW);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** The bytes the search stops at (the window tuning picked), as text. */
  get stopsAt(): string {
    return this.window.toString('latin1');
  }

  /** Picks the window that is cheapest to search for in `sample` (16 KiB of it are used: see spread). */
  tune(sample: Buffer): this {
    if (this.bytes.length <= WINDOW) return this;
    const head = spread(sample);
    const stops = firstByteStops(head, this.bytes.subarray(0, this.bytes.length - WINDOW + 1));
    let best = { at: 0, cost: Number.POSITIVE_INFINITY };
    for (let at = 0; at + WINDOW <= this.bytes.length; at++) {
      const stopCost = stops.get(this.bytes[at] ?? 0) ?? 0;
      if (stopCost >= best.cost) continue;
      const cost = stopCost + HIT_COST * count(head, this.bytes.subarray(at, at + WINDOW), (best.cost - stopCost) / HIT_COST);
      if (cost < best.cost) best = { at, cost };
    }
    this.at = best.at;
    this.window = this.bytes.subarray(best.at, best.at + WINDOW);
    return this;
  }

  /** Calls `visit` with the start of each whole occurrence in `bytes` (within `span` when given). */
  forEach(bytes: Buffer, span: Span | null, visit: (hit: number) => void): void {
    const start = span?.start ?? 0;
    const end = span?.end ?? bytes.length;
    for (let at = this.find(bytes, start, end); at >= 0; at = this.find(bytes, at + 1, end)) visit(at);
  }

  /** Where the needle first occurs in `bytes` at or after `from`, ending by `end`; -1 if nowhere. */
  find(bytes: Buffer, from: number, end = bytes.length): number {
    if (this.bytes.length === 0) return -1; // an empty needle is everywhere, and names nothing
    for (let hit = bytes.indexOf(this.window, from + this.at); hit >= 0 && hit < end; hit = bytes.indexOf(this.window, hit + 1)) {
      const at = hit - this.at;
      if (this.matchesAt(bytes, at, end)) return at;
    }
    return -1;
  }

  private matchesAt(bytes: Buffer, at: number, end: number): boolean {
    const needle = this.bytes;
    if (at + needle.length > end) return false;
    for (let i = 0; i < needle.length; i++) if (bytes[at + i] !== needle[i]) return false;
    return true;
  }
}

/**
 * Four 4 KiB stretches from across `sample` (all of it when it is short). A dump's head is seldom
 * like the rest: an nft listing starts with the `cluster-ips` set, addresses only, where a window
 * of a service name looks rarer than it is in the million chain lines after it (measured on the
 * nft bench dump: `/svc-5` chosen from the head, 15,886 hits and 9.0 ms; `vc-500` from across the
 * first MiB, 116 hits and 6.8 ms).
 */
function spread(sample: Buffer): Buffer {
  if (sample.length <= SAMPLE) return sample;
  const piece = SAMPLE / 4;
  const step = Math.floor((sample.length - piece) / 3);
  return Buffer.concat([0, 1, 2, 3].map((i) => sample.subarray(i * step, i * step + piece)));
}

/**
 * How often each byte of `firsts` occurs in `sample`, counted only as far as needed to find the
 * rarest: with a limit that grows until one byte stays under it (the others then read as at
 * least that limit). The counting is native (indexOf) and stays cheap before the JIT warms up.
 */
function firstByteStops(sample: Buffer, firsts: Buffer): Map<number, number> {
  const distinct = [...new Set(firsts)];
  const stops = new Map<number, number>();
  for (let limit = 64; ; limit *= 8) {
    for (const byte of distinct) stops.set(byte, count(sample, byte, limit));
    if (limit >= sample.length || [...stops.values()].some((n) => n < limit)) return stops;
  }
}

/** Occurrences of `needle` in `sample`, counting no further than `limit`. */
function count(sample: Buffer, needle: Buffer | number, limit: number): number {
  let n = 0;
  for (let hit = sample.indexOf(needle); hit >= 0 && n < limit; hit = sample.indexOf(needle, hit + 1)) n++;
  return n;
}

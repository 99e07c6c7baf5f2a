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
 * against the whole needle. Where even the best window stops often (a needle of digits and dots
 * only), and the bytes live in the scan memory, the vector search of scanMemory.ts is used.
 */
import { Buffer } from 'node:buffer';
import { inScanMemory, VECTOR_NEEDLE_BYTES, vectorFind } from './scanMemory.ts';

const WINDOW = 6;
const SAMPLE = 1 << 14;
/** What a hit of the window costs (a call back into JS) against a memchr stop on its first byte. */
const HIT_COST = 16;
/**
 * What the vector search costs per 16 KiB sampled, in memchr stops (14 ns each): it runs at about
 * the speed of a memchr that never stops (58 MiB of ipvsadm -Ln in 1.8 to 2.3 ms, where the best
 * window stops 447,336 times, 120 a 16 KiB, and takes 8.5 to 11 ms; 83 MiB of nft in 2.6 to 4.7
 * ms), so it is the cheaper wherever a window stops more than about once a KiB.
 */
const VECTOR_COST = 16;

/**
 * The chunk of a pass on which tuneAlong tunes again, and how much further each next one is. The
 * head of a dump is unlike its body: an iptables-save starts with a MiB or more of chain
 * declarations (`:KUBE-SVC-... - [0:0]`, no `/`), where the window `/svc-5` of `ns-53/svc-5000`
 * looks rare, and the rules after it have a `/` in every line (907,332 stops in the bench's
 * 163 MiB dump: 9.3 ms, against 5.2 ms for the vector search the body's chunks choose); an nft
 * listing starts with its `cluster-ips` set, addresses only. Tuning costs about 35 us a chunk,
 * warm, so it is done again at chunks 4, 16, 64, ... rather than on every one.
 */
const RETUNE_AT = 4;
const RETUNE_FACTOR = 4;

/** A stretch `[start, end)` of a buffer. */
export interface Span {
  start: number;
  end: number;
}

export class Needle {
  readonly bytes: Buffer;
  private window: Buffer;
  private at = 0;
  /** Two offsets into the needle to filter positions on, when the vector search is the cheaper. */
  private filter: [number, number] | null = null;
  /** Chunks seen by tuneAlong, and the one it tunes on next. */
  private chunks = 0;
  private nextTune = RETUNE_AT;

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

  /** How the search runs: by indexOf on a window of the needle, or by the vector search. */
  get engine(): 'window' | 'vector' {
    return this.filter === null ? 'window' : 'vector';
  }

  /**
   * Picks the window that is cheapest to search for in `sample` (16 KiB of it are used: see
   * spread), and the vector search on the needle's two rarest bytes where even that window
   * would stop more often than the vector search costs. Where every window's first byte already
   * stops that often, the windows' hits are not counted: the vector search is chosen whatever
   * they are (that counting took 1.4 ms of a run on the ipvsadm bench dump).
   */
  tune(sample: Buffer): this {
    const length = this.bytes.length;
    if (length === 0) return this;
    const sampled = spread(sample);
    const width = Math.min(WINDOW, length);
    // Scaled to the sample, so that a short one does not make every needle look cheap.
    const vectorAt = length <= VECTOR_NEEDLE_BYTES ? Math.max(1, (VECTOR_COST * sampled.length) / SAMPLE) : Number.POSITIVE_INFINITY;
    const stops = firstByteStops(sampled, this.bytes.subarray(0, length - width + 1), vectorAt);
    let best = { at: 0, cost: Number.POSITIVE_INFINITY };
    for (let at = 0; at + width <= length; at++) {
      const stopCost = stops.get(this.bytes[at] ?? 0) ?? 0;
      if (stopCost >= best.cost || stopCost >= vectorAt) continue;
      const cost = stopCost + HIT_COST * count(sampled, this.bytes.subarray(at, at + width), (best.cost - stopCost) / HIT_COST);
      if (cost < best.cost) best = { at, cost };
    }
    this.at = best.cost < Number.POSITIVE_INFINITY ? best.at : 0;
    this.window = this.bytes.subarray(this.at, this.at + width);
    this.filter = best.cost > vectorAt ? rarestOffsets(sampled, this.bytes) : null;
    return this;
  }

  /**
   * Tunes on the chunks of a pass as they come, called once per chunk before it is searched: on
   * chunk 0, then on chunks 4, 16, 64, ... (counted from 0) while a window is chosen. A dump's head
   * is seldom like the rest (RETUNE_AT); once the vector search is chosen it is kept, as its cost
   * hardly depends on the text while a window's does: tuning again there too made `rules` on the
   * bench's `bpf lb list` dump take 59.4 ms instead of 56.9, and on its nft dump 67.8 instead of
   * 66.6 (medians of 41 alternated runs).
   */
  tuneAlong(chunk: Buffer): this {
    if (this.chunks === 0 || (this.chunks === this.nextTune && this.filter === null)) this.tune(chunk);
    if (this.chunks === this.nextTune) this.nextTune *= RETUNE_FACTOR;
    this.chunks++;
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
    if (from + this.bytes.length > end) return -1;
    if (this.filter !== null && inScanMemory(bytes)) return vectorFind(bytes, from, end, this.bytes, this.filter);
    // indexOf knows no end: a search that must stop early (a header looked for in the first MiB
    // only) searches a view that ends there, rather than the whole chunk for every call.
    const hay = end < bytes.length ? bytes.subarray(0, end) : bytes;
    for (let hit = hay.indexOf(this.window, from + this.at); hit >= 0; hit = hay.indexOf(this.window, hit + 1)) {
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
 * The offsets of the needle's two rarest bytes in `sample` (later ones first among equals: in
 * addresses and names the end varies more than the start), for the vector search to filter on.
 */
function rarestOffsets(sample: Buffer, needle: Buffer): [number, number] {
  // Every 8th byte: this loop runs before the JIT has warmed up, at about 100 ns a byte (2.2 ms
  // for all 16 KiB, measured in a whole run of rules), and 2,048 bytes tell frequencies as well.
  const frequency = new Uint32Array(256);
  for (let i = 0; i < sample.length; i += 8) frequency[sample[i] ?? 0]! += 1;
  const offsets = [...needle.keys()].sort((a, b) => (frequency[needle[a] ?? 0] ?? 0) - (frequency[needle[b] ?? 0] ?? 0) || b - a);
  const [first = 0, second = first] = offsets;
  return [first, second];
}

/**
 * How often each byte of `firsts` occurs in `sample`, counted only as far as needed to find the
 * rarest, and never beyond `cap`: with a limit that grows until one byte stays under it (the others
 * then read as at least that limit). The counting is native (indexOf) and stays cheap before the
 * JIT warms up.
 */
function firstByteStops(sample: Buffer, firsts: Buffer, cap: number): Map<number, number> {
  const distinct = [...new Set(firsts)];
  const stops = new Map<number, number>();
  for (let limit = Math.min(64, cap); ; limit = Math.min(limit * 8, cap)) {
    for (const byte of distinct) stops.set(byte, count(sample, byte, limit));
    if (limit >= cap || limit >= sample.length || [...stops.values()].some((n) => n < limit)) return stops;
  }
}

/** Occurrences of `needle` in `sample`, counting no further than `limit`. */
function count(sample: Buffer, needle: Buffer | number, limit: number): number {
  let n = 0;
  for (let hit = sample.indexOf(needle); hit >= 0 && n < limit; hit = sample.indexOf(needle, hit + 1)) n++;
  return n;
}

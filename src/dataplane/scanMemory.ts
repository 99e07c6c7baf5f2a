/**
 * The vector byte search of scan.wat and the one memory it searches: a needle whose bytes are all
 * common in the dump (an ipvsadm or Cilium frontend, `10.97.232.72:80`: digits, dots and colons on
 * every line) makes Buffer#indexOf stop about every 100 bytes, at a cost of 14 ns a stop;
 * scan.wat tests 64 positions at a time on two bytes of the needle instead. The decode phase of
 * `rules --frontend` on the bench's million-line dumps, medians of 15 alternated runs, went from
 * 30.8 to 20.2 ms for ipvsadm -Ln, 29.6 to 18.8 for -Sn, 41.9 to 29.7 for cilium-dbg service
 * list and 31.6 to 23.8 for bpf lb list (with scan.wat's first, 16-position loop).
 *
 * WebAssembly searches only its own memory, and copying each chunk in would cost a good part of
 * what the search saves; so a pass reads its chunks straight into that memory (leaseChunkBuffer,
 * for src/kubeproxy/iptables/chunks.ts), and the Needle searches there when handed bytes that
 * live in it (inScanMemory). Anything else (a dump read whole, a line longer than a chunk, a pass
 * inside a pass, a Node without WebAssembly such as `--jitless`) is searched by indexOf as before.
 */
import { Buffer } from 'node:buffer';
import { SCAN_WASM_BASE64 } from './scanWasm.ts';

const PAGE = 1 << 16;
/** Page 0 holds the needle searched for (scan.wat). */
const NEEDLE_AT = 0;
/** The longest needle the vector search takes: one page. */
export const VECTOR_NEEDLE_BYTES = PAGE;
/** Pages 1 to 16 hold a pass's chunk; page 17, the slack past it, is never handed out. */
const CHUNK_AT = PAGE;
export const SCAN_CHUNK_BYTES = 16 * PAGE;

type Find = (from: number, end: number, needle: number, length: number, o1: number, o2: number) => number;

interface Scanner {
  memory: ArrayBuffer;
  view: Uint8Array;
  find: Find;
  /** The needle now in page 0. */
  loaded: Buffer | null;
  leased: boolean;
}

/** What is used of the WebAssembly global (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { memory: { buffer: ArrayBuffer }; find: Find } };
}

/** undefined until first asked for; null where WebAssembly is not available. */
let scanner: Scanner | null | undefined;

function theScanner(): Scanner | null {
  if (scanner !== undefined) return scanner;
  scanner = null;
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) return scanner; // node --jitless
  const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(SCAN_WASM_BASE64, 'base64')));
  const memory = exports.memory.buffer;
  scanner = { memory, view: new Uint8Array(memory), find: exports.find, loaded: null, leased: false };
  return scanner;
}

export interface ChunkLease {
  bytes: Buffer;
  release(): void;
}

/**
 * A buffer of `size` bytes in the scanner's memory for one pass, or null: when it is already
 * leased (a pass inside a pass), `size` is larger than a chunk, or there is no WebAssembly.
 */
export function leaseChunkBuffer(size: number): ChunkLease | null {
  const owner = size <= SCAN_CHUNK_BYTES ? theScanner() : null;
  if (owner === null || owner.leased) return null;
  owner.leased = true;
  return { bytes: Buffer.from(owner.memory, CHUNK_AT, size), release: () => (owner.leased = false) };
}

/** Whether `bytes` live in the scanner's memory, where vectorFind searches them in place. */
export function inScanMemory(bytes: Buffer): boolean {
  return scanner != null && bytes.buffer === scanner.memory;
}

/**
 * Where `needle` first occurs whole in `bytes` (which live in the scanner's memory) at or after
 * `from` and ending by `end`, or -1; `filter` are two offsets into the needle (of its rarest
 * bytes, Needle.tune) that each position is tested on first.
 */
export function vectorFind(bytes: Buffer, from: number, end: number, needle: Buffer, filter: readonly [number, number]): number {
  const owner = scanner;
  if (owner == null || needle.length === 0 || needle.length > VECTOR_NEEDLE_BYTES) throw new Error('vectorFind: no scanner for this needle');
  if (owner.loaded !== needle) {
    owner.view.set(needle, NEEDLE_AT);
    owner.loaded = needle;
  }
  const base = bytes.byteOffset;
  const at = owner.find(base + Math.max(0, from), base + Math.min(end, bytes.length), NEEDLE_AT, needle.length, ...filter);
  return at < 0 ? -1 : at - base;
}

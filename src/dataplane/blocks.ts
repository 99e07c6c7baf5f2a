/**
 * Reading only the lines of a dump that can concern the frontends asked about, in one pass of
 * byte searches: a million-line ipvsadm or Cilium listing then costs about what reading the file
 * costs, and memory follows the services asked about, not the dump.
 *
 * Listings print an entry as a head line that names the frontend and continuation lines under it
 * that name only backends (ipvsadm `  -> ...` real servers, Cilium's indented `2 => ...`). A hit
 * on a head line takes that line and the continuation lines after it, across chunk ends; a hit on
 * a continuation line is a backend address and is passed over.
 */
import type { Buffer } from 'node:buffer';
import type { DumpChunk, DumpPass } from '../kubeproxy/iptables/chunks.ts';
import { Needle } from './needle.ts';

const NEWLINE = 10;

/**
 * A listing's header counts only in the dump's first MiB: ipvsadm and cilium-dbg print it first,
 * and a paste may put a prompt or a kubectl notice before it. Whole and filtered reads apply the
 * same rule, and a filtered read searches for headers in the first chunk only.
 */
export const HEADER_WINDOW = 1 << 20;

/** One line taken from the dump, at its byte offset. */
export interface TakenLine {
  offset: number;
  text: string;
}

export interface BlockShape {
  /** Whether a line continues the entry above it. */
  continues(line: string): boolean;
}

/**
 * The entries (head line and continuation lines) that contain one of `needles` in their head
 * line, and the lines in the header window that contain one of `headers`.
 */
export function takeBlocks(pass: DumpPass, needles: readonly string[], shape: BlockShape, headers: readonly string[] = []): TakenLine[] {
  const encoded = needles.filter((needle) => needle.length > 0).map((needle) => new Needle(needle));
  const headerNeedles = headers.map((header) => new Needle(header));
  const taken = new Map<number, string>();
  let open = false;
  for (const chunk of pass()) {
    let from = 0;
    if (open) from = takeContinuation(chunk, 0, shape, taken);
    open = false;
    const heads = new Set<number>();
    // A header counts when it starts inside the window (find wants the whole needle before its end).
    const window = Math.max(0, Math.min(chunk.bytes.length, HEADER_WINDOW - chunk.base));
    for (const needle of encoded) needle.tuneAlong(chunk.bytes);
    const searches: [Needle, number][] = [...encoded.map((needle): [Needle, number] => [needle, chunk.bytes.length]), ...headerNeedles.map((needle): [Needle, number] => [needle, Math.min(chunk.bytes.length, window + needle.length - 1)])];
    for (const [needle, end] of searches) {
      for (let hit = needle.find(chunk.bytes, from, end); hit >= 0; hit = needle.find(chunk.bytes, hit + needle.length, end)) {
        heads.add(chunk.bytes.lastIndexOf(NEWLINE, hit) + 1);
      }
    }
    for (const start of [...heads].sort((a, b) => a - b)) {
      if (taken.has(chunk.base + start)) continue;
      const end = lineEnd(chunk.bytes, start);
      const text = chunk.bytes.toString('utf8', start, end);
      if (shape.continues(text)) continue;
      taken.set(chunk.base + start, text);
      if (takeContinuation(chunk, end + 1, shape, taken) >= chunk.bytes.length) open = true;
    }
  }
  return [...taken].sort((a, b) => a[0] - b[0]).map(([offset, text]) => ({ offset, text }));
}

/**
 * Takes the continuation lines from `start`; returns where the first other line starts. A blank
 * line is passed over: it does not end the entry, as the whole readers keep an entry open across
 * one (ipvs/reader.ts, cilium/serviceList.ts, cilium/bpfLbList.ts).
 */
function takeContinuation({ bytes, base }: DumpChunk, start: number, shape: BlockShape, taken: Map<number, string>): number {
  let pos = start;
  while (pos < bytes.length) {
    const end = lineEnd(bytes, pos);
    const text = bytes.toString('utf8', pos, end);
    if (text.trim() === '') {
      pos = end + 1;
      continue;
    }
    if (!shape.continues(text)) return pos;
    taken.set(base + pos, text);
    pos = end + 1;
  }
  return pos;
}

function lineEnd(bytes: Buffer, start: number): number {
  const end = bytes.indexOf(NEWLINE, start);
  return end < 0 ? bytes.length : end;
}

/**
 * Reading only what can concern the frontends asked about, in one pass of byte searches:
 * - the tables take each row naming one of the addresses with the backend lines under it
 *   (dataplane/blocks.ts), plus the header line;
 * - JSON takes each service object in which one of the addresses appears, found by the
 *   MarshalIndent layout (json.ts jsonElements: an object runs from a line `  {` to the next line
 *   `  }`), carrying an object cut by a chunk end over to the next chunk.
 * A hit is only a candidate: the decoder parses what was taken and keeps the frontends asked for.
 */
import { Buffer } from 'node:buffer';
import { takeBlocks, type TakenLine } from '../dataplane/blocks.ts';
import { frontendJsonNeedles, frontendNeedles, type FrontendFilter } from '../dataplane/frontendFilter.ts';
import type { DumpPass } from '../kubeproxy/iptables/chunks.ts';
import { Needle } from '../dataplane/needle.ts';
import type { JsonElement } from './json.ts';

/** Header lines, wherever they are (a pasted prompt or a kubectl notice may come first). */
const HEADERS = { 'service-list': ['Frontend'], 'bpf-lb-list': ['SERVICE ADDRESS'] };

const SERVICE_LIST = { continues: (line: string) => /^\s/.test(line) && line.includes('=>') };
const BPF_LB_LIST = { continues: (line: string) => /^\s+\S/.test(line) };

export function selectTableLines(pass: DumpPass, frontends: FrontendFilter, format: 'service-list' | 'bpf-lb-list'): TakenLine[] {
  const shape = format === 'service-list' ? SERVICE_LIST : BPF_LB_LIST;
  return takeBlocks(pass, frontendNeedles(frontends), shape, HEADERS[format]);
}

/** The lines that open and close a top-level object: `  {` and `  }` (then `,` or the end). */
const OPEN = Buffer.from('  {');
const CLOSE = Buffer.from('  }');

export interface JsonSelection {
  elements: JsonElement[];
  /** The document ends with the `]` that closes its list. */
  closed: boolean;
}

/**
 * The service objects of a MarshalIndent document that contain one of the addresses. An object
 * still open at a chunk's end is kept (a few kilobytes) and finished with the next chunk's bytes.
 */
export function selectJsonElements(pass: DumpPass, frontends: FrontendFilter): JsonSelection {
  const needles = frontendJsonNeedles(frontends).map((needle) => new Needle(needle));
  const taken = new Map<number, string>();
  let open: { base: number; bytes: Buffer } | null = null;
  let closed = false;
  for (const { bytes, base } of pass()) {
    for (const needle of needles) needle.tuneAlong(bytes);
    const tail = lastContent(bytes);
    if (tail >= 0) closed = tail === CLOSE_LIST;
    let from = 0;
    if (open !== null) {
      const close = lineAfter(bytes, CLOSE, 0);
      const end = close < 0 ? bytes.length : close + CLOSE.length;
      const element = Buffer.concat([open.bytes, bytes.subarray(0, end)]);
      if (close < 0) {
        open = { base: open.base, bytes: element };
        continue;
      }
      if (needles.some((needle) => needle.find(element, 0) >= 0)) taken.set(open.base, element.toString('utf8'));
      open = null;
      from = end;
    }
    for (const needle of needles) {
      for (let hit = needle.find(bytes, from); hit >= 0; hit = needle.find(bytes, hit + needle.length)) {
        const start = lineBefore(bytes, OPEN, hit);
        const close = lineAfter(bytes, CLOSE, hit);
        if (start < from || close < 0 || taken.has(base + start)) continue;
        taken.set(base + start, bytes.toString('utf8', start, close + CLOSE.length));
      }
    }
    const lastOpen = lineBefore(bytes, OPEN, bytes.length);
    if (lastOpen >= from && lineAfter(bytes, CLOSE, lastOpen) < 0) open = { base: base + lastOpen, bytes: Buffer.from(bytes.subarray(lastOpen)) };
  }
  const elements = [...taken].sort((a, b) => a[0] - b[0]).map(([offset, text]) => ({ offset, text }));
  return { elements, closed };
}

/** Whether `text` at `at` is a whole line's start: at the chunk's start or after a newline. */
function startsLine(bytes: Buffer, at: number): boolean {
  return at === 0 || bytes[at - 1] === NEWLINE;
}

/** Whether `text` at `at` ends where its line ends (the close may be followed by `,`). */
function endsLine(bytes: Buffer, at: number, length: number): boolean {
  const next = bytes[at + length];
  return next === undefined || next === NEWLINE || next === CR || next === COMMA;
}

/** The start of the last line `text` at or before `at`, or -1. */
function lineBefore(bytes: Buffer, text: Buffer, at: number): number {
  for (let pos = bytes.lastIndexOf(text, at); pos >= 0; pos = pos === 0 ? -1 : bytes.lastIndexOf(text, pos - 1)) {
    if (startsLine(bytes, pos) && endsLine(bytes, pos, text.length)) return pos;
  }
  return -1;
}

/** The start of the first line `text` at or after `at`, or -1. */
function lineAfter(bytes: Buffer, text: Buffer, at: number): number {
  for (let pos = bytes.indexOf(text, at); pos >= 0; pos = bytes.indexOf(text, pos + 1)) {
    if (startsLine(bytes, pos) && endsLine(bytes, pos, text.length)) return pos;
  }
  return -1;
}

const NEWLINE = 10;
const CR = 13;
const COMMA = 44;
const CLOSE_LIST = 93;

/** The last byte that is not white space, or -1. */
function lastContent(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const code = bytes[i] ?? 32;
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return code;
  }
  return -1;
}

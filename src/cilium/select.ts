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
import type { JsonElement } from './json.ts';

/** Header lines, wherever they are (a pasted prompt or a kubectl notice may come first). */
const HEADERS = { 'service-list': ['ID ', 'Frontend '], 'bpf-lb-list': ['SERVICE ADDRESS'] };

const SERVICE_LIST = { continues: (line: string) => /^\s/.test(line) && line.includes('=>') };
const BPF_LB_LIST = { continues: (line: string) => /^\s+\S/.test(line) };

export function selectTableLines(pass: DumpPass, frontends: FrontendFilter, format: 'service-list' | 'bpf-lb-list'): TakenLine[] {
  const shape = format === 'service-list' ? SERVICE_LIST : BPF_LB_LIST;
  return takeBlocks(pass, [...frontendNeedles(frontends), ...HEADERS[format]], shape);
}

const OPEN = Buffer.from('\n  {');
const CLOSE = Buffer.from('\n  }');

export interface JsonSelection {
  elements: JsonElement[];
  /** The document ends with the `]` that closes its list. */
  closed: boolean;
}

/** The service objects of a MarshalIndent document that contain one of the addresses. */
export function selectJsonElements(pass: DumpPass, frontends: FrontendFilter): JsonSelection {
  const needles = frontendJsonNeedles(frontends).map((needle) => Buffer.from(needle));
  const taken = new Map<number, string>();
  let carry: Buffer = Buffer.alloc(0);
  let closed = false;
  for (const { bytes, base } of pass()) {
    const tail = lastContent(bytes);
    if (tail >= 0) closed = tail === CLOSE_LIST;
    const data = carry.length === 0 ? bytes : Buffer.concat([carry, bytes]);
    const dataBase = base - carry.length;
    for (const needle of needles) {
      for (let hit = data.indexOf(needle); hit >= 0; hit = data.indexOf(needle, hit + needle.length)) {
        const open = data.lastIndexOf(OPEN, hit);
        const close = data.indexOf(CLOSE, hit);
        if (open < 0 || close < 0 || taken.has(dataBase + open + 1)) continue;
        taken.set(dataBase + open + 1, data.toString('utf8', open + 1, close + CLOSE.length));
      }
    }
    // The last object may go on in the next chunk: keep it from its opening line.
    const lastOpen = data.lastIndexOf(OPEN);
    const closedAfter = lastOpen < 0 ? -1 : data.indexOf(CLOSE, lastOpen);
    carry = lastOpen >= 0 && closedAfter < 0 ? Buffer.from(data.subarray(lastOpen)) : Buffer.alloc(0);
  }
  const elements = [...taken].sort((a, b) => a[0] - b[0]).map(([offset, text]) => ({ offset, text }));
  return { elements, closed };
}

const CLOSE_LIST = 93;

/** The last byte that is not white space, or -1. */
function lastContent(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const code = bytes[i] ?? 32;
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return code;
  }
  return -1;
}

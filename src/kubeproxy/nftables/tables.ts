/**
 * Where each table of an `nft list ruleset` starts and whether it ends, found while chunks stream
 * by without reading every line: a table header is a line starting with `table `, and nft prints
 * the table's closing brace alone at column 0 as the last line before the next header or the end.
 */
import type { DumpChunk } from '../iptables/chunks.ts';
import { NEWLINE } from '../iptables/chars.ts';
import { Needle } from '../../dataplane/needle.ts';

export interface TableHeader {
  offset: number;
  family: string;
  name: string;
  /** Its closing `}` is the last line before the next header (or the end of the dump). */
  closed: boolean;
}

/** A stretch of a chunk inside one table (or before any header: null). */
export interface Region {
  start: number;
  end: number;
  header: TableHeader | null;
}

/** Whether a header is one of kube-proxy's two tables. */
export function isKubeProxyTable(header: TableHeader): boolean {
  return header.name === 'kube-proxy' && (header.family === 'ip' || header.family === 'ip6');
}

const START = Buffer.from('table ');
const SPACE = 32;

export class TableTracker {
  readonly headers: TableHeader[] = [];
  /** The last non-blank line seen so far (bounded), to close the table before the next header. */
  private lastLine: string | null = null;
  /**
   * A header line's start, searched without its trailing space. Its first byte is a newline, at
   * which indexOf would stop on every line (8 ms of a million-line dump): tuned on the chunks
   * (Needle.tuneAlong), the Needle takes the vector search there.
   */
  private readonly header = new Needle('\ntable');

  /** Records the headers in `chunk` (chunks must come in order) and splits it by table. */
  scan({ bytes, base }: DumpChunk): Region[] {
    const regions: Region[] = [{ start: 0, end: bytes.length, header: this.headers.at(-1) ?? null }];
    const starts: number[] = [];
    this.header.tuneAlong(bytes);
    if (bytes.subarray(0, START.length).equals(START)) starts.push(0);
    this.header.forEach(bytes, null, (hit) => {
      if (bytes[hit + this.header.length] === SPACE) starts.push(hit + 1);
    });
    for (const start of starts) {
      const before = start === 0 ? this.lastLine : (lastContentLine(bytes, start) ?? this.lastLine);
      this.closeLast(before);
      const end = lineEnd(bytes, start);
      const [, family = '', name = ''] = bytes.toString('latin1', start, Math.min(end, start + 300)).trim().split(/\s+/);
      const header = { offset: base + start, family, name, closed: false };
      this.headers.push(header);
      const previous = regions.at(-1);
      if (previous !== undefined) previous.end = start;
      regions.push({ start, end: bytes.length, header });
    }
    this.lastLine = lastContentLine(bytes, bytes.length) ?? this.lastLine;
    return regions.filter((region) => region.end > region.start);
  }

  /** Call once the last chunk is in. */
  finish(): void {
    this.closeLast(this.lastLine);
  }

  /** The header of the table the byte at `offset` is in, or null before any header. */
  at(offset: number): TableHeader | null {
    let found: TableHeader | null = null;
    for (const header of this.headers) {
      if (header.offset > offset) break;
      found = header;
    }
    return found;
  }

  private closeLast(line: string | null): void {
    const last = this.headers.at(-1);
    if (last !== undefined && !last.closed && line !== null && line.trimEnd() === '}') last.closed = true;
  }
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(NEWLINE, from);
  return end < 0 ? bytes.length : end;
}

/** The last line before `end` with anything but blanks, unless it is longer than a closing brace needs. */
function lastContentLine(bytes: Buffer, end: number): string | null {
  let pos = end - 1;
  while (pos >= 0 && isBlank(bytes[pos] ?? 0)) pos--;
  if (pos < 0) return null;
  const start = bytes.lastIndexOf(NEWLINE, pos) + 1;
  return pos - start > 16 ? 'x' : bytes.toString('latin1', start, pos + 1);
}

function isBlank(byte: number): boolean {
  return byte === 10 || byte === 13 || byte === 32 || byte === 9;
}

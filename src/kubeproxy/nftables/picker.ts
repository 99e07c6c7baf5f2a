/**
 * The lines a service read takes from the dump's chunks: a block (`chain …`, `set …`, `map …`) from
 * its header to its closing brace, possibly across chunks, or a single line; and the marker lines
 * that say whether a table is whole. Offsets are bytes into the dump.
 */
import { Buffer } from 'node:buffer';
import type { DumpChunk } from '../iptables/chunks.ts';
import { NEWLINE } from '../iptables/chars.ts';
import { isMarker } from './model.ts';
import { readRule } from './rule.ts';
import { bareRule, withoutHandle } from './text.ts';
import { isTransactionLine } from './transaction.ts';

export interface Taken {
  offset: number;
  lines: { offset: number; text: string }[];
}

/** The lines taken so far: whole blocks from their header to their closing brace, or single lines. */
export class Picker {
  readonly taken = new Map<number, Taken>();
  readonly markers: { offset: number; text: string }[] = [];
  /** The dump is in transaction form (its first command says so), where every line names its table. */
  transactions = false;
  private sniffed = false;
  /** A block still open at the end of the last chunk, and how far the taken lines reach. */
  private open: Taken | null = null;
  private until = -1;

  startPass(): void {
    this.open = null;
    this.until = -1;
  }

  /** Carries an open block on into `chunk`, which follows the previous one. */
  resume(chunk: DumpChunk): void {
    if (!this.sniffed) this.sniff(chunk);
    const open = this.open;
    this.open = null;
    if (open !== null && chunk.base >= this.until) this.collect(chunk, 0, open);
  }

  take(chunk: DumpChunk, hit: number): void {
    const start = chunk.bytes.lastIndexOf(NEWLINE, hit) + 1;
    const offset = chunk.base + start;
    if (offset < this.until || this.taken.has(offset)) return;
    const first = lineText(chunk.bytes, start);
    const trimmed = withoutHandle(first.trim());
    const taken: Taken = { offset, lines: [] };
    this.taken.set(offset, taken);
    if (!isBlockHeader(trimmed)) return this.add(taken, chunk.base + start, first, chunk.base + start + Buffer.byteLength(first) + 1);
    this.collect(chunk, start, taken);
  }

  /** A line that says whether its table is whole (see MARKERS), if it is one of kube-proxy's rules. */
  takeMarker(chunk: DumpChunk, hit: number): boolean {
    const start = chunk.bytes.lastIndexOf(NEWLINE, hit) + 1;
    const text = lineText(chunk.bytes, start);
    const trimmed = withoutHandle(text.trim());
    const read = isTransactionLine(trimmed) ? null : readRule(bareRule(trimmed).text);
    if (read !== null && !(read.ok && isMarker(read.rule))) return false;
    this.markers.push({ offset: chunk.base + start, text });
    return true;
  }

  /** Whether a no-endpoint element was taken: its address is a cluster IP only if cluster-ips says so. */
  needsClusterIPs(): boolean {
    for (const { lines } of this.taken.values()) {
      for (const { text } of lines) if (text.includes(' : drop') || text.includes('goto reject-chain')) return true;
    }
    return false;
  }

  /** Lines from `start` until the block's closing brace, continuing in the next chunk if need be. */
  private collect(chunk: DumpChunk, start: number, taken: Taken): void {
    const { bytes, base } = chunk;
    for (let pos = start; pos < bytes.length; ) {
      let end = bytes.indexOf(NEWLINE, pos);
      if (end < 0) end = bytes.length;
      const text = bytes.toString('utf8', pos, end);
      this.add(taken, base + pos, text, base + end + 1);
      pos = end + 1;
      if (taken.lines.length > 1 && text.trim() === '}') return;
    }
    this.open = taken;
  }

  private add(taken: Taken, offset: number, text: string, next: number): void {
    taken.lines.push({ offset, text });
    this.until = Math.max(this.until, next);
  }

  private sniff({ bytes }: DumpChunk): void {
    for (let pos = 0; pos < bytes.length && pos < 1 << 16; ) {
      let end = bytes.indexOf(NEWLINE, pos);
      if (end < 0) end = bytes.length;
      const line = bytes.toString('utf8', pos, end).trim();
      pos = end + 1;
      if (line === '' || line.startsWith('#')) continue;
      this.transactions = isTransactionLine(line);
      break;
    }
    this.sniffed = true;
  }
}

/** The whole line around byte `hit`. */
export function lineText(bytes: Buffer, hit: number): string {
  const start = bytes.lastIndexOf(NEWLINE, hit) + 1;
  const end = bytes.indexOf(NEWLINE, hit);
  return bytes.toString('utf8', start, end < 0 ? bytes.length : end);
}

function isBlockHeader(trimmed: string): boolean {
  if (!trimmed.endsWith('{')) return false;
  return trimmed.startsWith('chain ') || trimmed.startsWith('set ') || trimmed.startsWith('map ');
}

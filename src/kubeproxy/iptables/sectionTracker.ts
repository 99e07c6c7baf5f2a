/**
 * The `*table ... COMMIT` sections of a dump read in chunks, so a line picked out of the middle
 * knows its table, and whether the nat table is there whole (its header and its COMMIT).
 */
import type { DumpChunk } from './chunks.ts';
import { NEWLINE, STAR } from './chars.ts';
import { Needle } from '../../dataplane/needle.ts';

const COMMIT = 'COMMIT';
/**
 * A COMMIT line, searched with the Needle rather than indexOf: the nat table is full of capitals
 * (`KUBE-SVC-...`, `-j KUBE-MARK-MASQ`), so indexOf's memchr on `C` stopped every few bytes (1.6 to
 * 1.9 ms a run on the bench's 14 MiB nat table, CPU profiles; the Needle's vector search about a third).
 */
const COMMIT_LINE = `\n${COMMIT}`;

export class SectionTracker {
  /** Boundaries in dump order: a table name at its header, null at its COMMIT. */
  private readonly offsets: number[] = [];
  private readonly tables: (string | null)[] = [];
  private natOpen = false;
  private natHeader = 0;
  /** A `*nat` header and its COMMIT were both seen. */
  complete = false;
  /** The search for COMMIT lines, tuned on the chunks of nat tables it searches. */
  private readonly commitLine = new Needle(COMMIT_LINE);

  /** Offset of the `*nat` header when the dump ended inside that table (no COMMIT), else null. */
  get natUncommitted(): number | null {
    return this.natOpen ? this.natHeader : null;
  }

  /** Records the headers and COMMITs in `chunk`; chunks must come in dump order. */
  scan({ bytes, base }: DumpChunk): void {
    const marks: { offset: number; table: string | null }[] = [];
    for (let hit = bytes.indexOf(STAR); hit >= 0; hit = bytes.indexOf(STAR, hit + 1)) {
      if (hit > 0 && bytes[hit - 1] !== NEWLINE) continue;
      marks.push({ offset: base + hit, table: bytes.toString('latin1', hit + 1, lineEnd(bytes, hit)).trim() });
    }
    // COMMIT only matters after *nat; most of a dump is not searched for it.
    if (this.natOpen || marks.some((mark) => mark.table === 'nat')) {
      const commit = (at: number) => {
        if (bytes.toString('latin1', at + COMMIT.length, lineEnd(bytes, at)).trim() === '') marks.push({ offset: base + at, table: null });
      };
      // A chunk starts at a line start (chunks.ts); every other line starts after a newline.
      if (bytes.toString('latin1', 0, COMMIT.length) === COMMIT) commit(0);
      this.commitLine.tuneAlong(bytes).forEach(bytes, null, (hit) => commit(hit + 1));
    }
    for (const mark of marks.sort((a, b) => a.offset - b.offset)) this.mark(mark.offset, mark.table);
  }

  private mark(offset: number, table: string | null): void {
    if (table === null && this.natOpen) this.complete = true;
    this.natOpen = table === 'nat';
    if (this.natOpen) this.natHeader = offset;
    this.offsets.push(offset);
    this.tables.push(table);
  }

  /** Byte ranges of the nat sections, from header to COMMIT (or the next header, or the end). */
  natRanges(): { from: number; to: number | undefined }[] {
    const ranges: { from: number; to: number | undefined }[] = [];
    this.tables.forEach((table, i) => {
      if (table === 'nat') ranges.push({ from: this.offsets[i] ?? 0, to: this.offsets[i + 1] });
    });
    return ranges;
  }

  /** The table of the line at `offset`; null outside any section (a grep without headers). */
  tableAt(offset: number): string | null {
    let low = 0;
    let high = this.offsets.length - 1;
    let found: string | null = null;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.offsets[mid] ?? 0) <= offset) {
        found = this.tables[mid] ?? null;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(NEWLINE, from);
  return end < 0 ? bytes.length : end;
}

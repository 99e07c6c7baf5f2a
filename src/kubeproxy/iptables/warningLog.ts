/**
 * Warnings about skipped dump lines. Lines are located by offset while decoding; line numbers are
 * counted only at the end and only when there is a warning, so a clean dump never pays for it.
 */
import type { DumpWarning } from '../../dataplane/types.ts';

/** At most this many warnings are kept; the rest are counted in one last warning. */
const KEPT = 200;

/** Turns sorted line-start offsets into 1-based line numbers. */
export type LineNumbers = (sortedOffsets: readonly number[]) => number[];

export class WarningLog {
  private readonly kept = new Map<number, { message: string; incomplete: boolean }>();
  private dropped = 0;

  /**
   * Records `message` for the line that starts at `lineOffset` (once per line). `incomplete`: the
   * warning is about the dump itself (empty, cut short, inconsistent), not one skipped line.
   */
  warn(lineOffset: number, message: string, incomplete = false): void {
    if (this.kept.has(lineOffset)) return;
    if (this.kept.size >= KEPT) this.dropped++;
    else this.kept.set(lineOffset, { message, incomplete });
  }

  /** The warnings in line order, with a summary of those not kept. */
  finish(lineNumbers: LineNumbers): DumpWarning[] {
    const offsets = [...this.kept.keys()].sort((a, b) => a - b);
    const lines = lineNumbers(offsets);
    const warnings: DumpWarning[] = offsets.map((offset, i) => {
      const { message = '', incomplete = false } = this.kept.get(offset) ?? {};
      return incomplete ? { line: lines[i] ?? 0, message, incomplete } : { line: lines[i] ?? 0, message };
    });
    if (this.dropped > 0) warnings.push({ line: warnings.at(-1)?.line ?? 0, message: `${this.dropped} more warnings not shown` });
    return warnings;
  }
}

/** Line numbers of offsets into `text`. */
export function lineNumbersOfText(text: string): LineNumbers {
  return (offsets) => {
    const lines: number[] = [];
    let line = 1;
    let pos = 0;
    for (const offset of offsets) {
      for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
        line++;
        pos = nl + 1;
      }
      pos = Math.max(pos, offset);
      lines.push(line);
    }
    return lines;
  };
}

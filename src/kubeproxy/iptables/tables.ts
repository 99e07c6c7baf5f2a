/**
 * One pass over a whole dump: follows the `*table ... COMMIT` sections and keeps the rules of the
 * chains the decoder reads. A million-line dump is mostly other chains (CNI, firewalls) and
 * chain declarations, so each line is classified from its first characters before anything is
 * copied out of it.
 */
import { contentStart, isSeparator, readRuleLine, type LineRef } from './lines.ts';
import { RuleSet } from './ruleSet.ts';
import type { WarningLog } from './warningLog.ts';
import { COLON, CR, DASH, HASH, OPEN_BRACKET, STAR, UPPER_C } from './chars.ts';

export interface DumpRules {
  rules: RuleSet;
  /** 'complete' when a `*nat` section and its COMMIT were both seen. */
  completeness: 'complete' | 'filtered';
  /** Offset of a `*nat` header whose COMMIT never came (the dump stops inside the table), else null. */
  natUncommitted: number | null;
}

const NEWLINE = '\n';
export const NOT_IPTABLES = 'skipped: not an iptables-save line';

/** Reads every line of `text`, but the one that starts at `skipLine` (a line cut short). */
export function readTables(text: string, log: WarningLog, skipLine = -1): DumpRules {
  const rules = new RuleSet();
  let table: string | null = null;
  let tableAt = 0;
  let complete = false;
  // One line reference, moved along the dump rather than allocated per line.
  const line: LineRef = { text, start: 0, end: 0, base: 0 };
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf(NEWLINE, pos);
    if (end < 0) end = text.length;
    const lineStart = pos;
    const start = contentStart(text, pos, end);
    const first = text.charCodeAt(start);
    pos = end + 1;
    if (start >= end || first === CR || first === COLON || first === HASH || lineStart === skipLine) continue;
    if (first === DASH || first === OPEN_BRACKET) {
      line.start = lineStart;
      line.end = end;
      if (!readRuleLine(line, table, rules, log) && !isSeparator(text, start, end)) {
        log.warn(lineStart, NOT_IPTABLES);
      }
    } else if (first === STAR) {
      table = text.slice(start + 1, end).trim();
      tableAt = lineStart;
    } else if (first === UPPER_C && isCommit(text, start, end)) {
      if (table === 'nat') complete = true;
      table = null;
    } else {
      log.warn(lineStart, NOT_IPTABLES);
    }
  }
  return { rules, completeness: complete ? 'complete' : 'filtered', natUncommitted: table === 'nat' ? tableAt : null };
}

export function isCommit(text: string, start: number, end: number): boolean {
  return text.startsWith('COMMIT', start) && text.slice(start + 6, end).trim() === '';
}

/**
 * Reading the lines of a dump: `iptables-save` (with or without `-c` counters), `iptables -S`,
 * or any grep of those. Lines that carry no rule (table headers, chain declarations, comments,
 * grep's `---` separators, blank lines) are passed over; a line that is none of these is
 * reported and skipped.
 */
import { ENDPOINT_PREFIX, isDecodedChainAt } from './chains.ts';
import { parseRule, type Rule } from './rule.ts';
import { TokenCursor } from './tokenize.ts';
import type { WarningLog } from './warningLog.ts';
import { CLOSE_BRACKET, CR, DASH, OPEN_BRACKET, SPACE, TAB, UPPER_A } from './chars.ts';


/** Where a line's content starts: after leading blanks. */
export function contentStart(text: string, start: number, end: number): number {
  let pos = start;
  while (pos < end) {
    const code = text.charCodeAt(pos);
    if (code !== SPACE && code !== TAB) break;
    pos++;
  }
  return pos;
}

/** Where the rule of a `[packets:bytes] -A ...` line (iptables-save -c) starts. */
function afterCounters(text: string, start: number, end: number): number {
  const close = text.indexOf(']', start);
  if (close < 0 || close >= end || text.charCodeAt(close) !== CLOSE_BRACKET) return -1;
  return contentStart(text, close + 1, end);
}

/**
 * Decodes the line `text[start, end)` if it is a rule of a chain the decoder reads, into `rules`
 * under `table`. Returns false when the line is not a rule line at all.
 */
export function readRuleLine(line: LineRef, table: string | null, rules: RuleSink, log: WarningLog): boolean {
  const { text, end } = line;
  let pos = contentStart(text, line.start, end);
  if (text.charCodeAt(pos) === OPEN_BRACKET) {
    pos = afterCounters(text, pos, end);
    if (pos < 0) return false;
  }
  if (text.charCodeAt(pos) !== DASH) return false;
  // The common case, `-A CHAIN ...`, is decided without copying anything.
  if (text.charCodeAt(pos + 1) === UPPER_A && text.charCodeAt(pos + 2) === SPACE && text.charCodeAt(pos + 3) !== SPACE) {
    if (isDecodedChainAt(text, pos + 3) && !isEndpointMasquerade(text, pos + 3, end)) addRule(line, pos, table, rules, log);
    return true;
  }
  return readOtherCommand(line, pos, table, rules, log);
}

const ENDPOINT_MASQUERADE = ' -j KUBE-MARK-MASQ';

/**
 * The first rule of every KUBE-SEP chain, `-s <endpoint> -j KUBE-MARK-MASQ`, only marks hairpin
 * traffic (pkg/proxy/iptables/proxier.go syncProxyRules, endpoint chain rules); it says nothing
 * about where traffic goes, and is a third of the kube-proxy lines of a big dump.
 */
function isEndpointMasquerade(text: string, chainAt: number, end: number): boolean {
  return text.startsWith(ENDPOINT_PREFIX, chainAt) && text.endsWith(ENDPOINT_MASQUERADE, trimEnd(text, chainAt, end));
}

/** Where decoded rules go, with the table they were read under. */
export interface RuleSink {
  add(table: string | null, rule: Rule): void;
}

/** One line of a dump: `text[start, end)`, which starts at offset `base + start` of the dump. */
export interface LineRef {
  text: string;
  start: number;
  end: number;
  base: number;
}

/** `-I`, `--append`, odd spacing, and the lines of `iptables -S` that declare chains (`-N`, `-P`). */
function readOtherCommand(line: LineRef, pos: number, table: string | null, rules: RuleSink, log: WarningLog): boolean {
  const words = new TokenCursor(line.text, pos, line.end);
  if (!words.next()) return false;
  if (words.is('-N') || words.is('--new-chain') || words.is('-P') || words.is('--policy')) return true;
  const adds = words.is('-A') || words.is('--append') || words.is('-I') || words.is('--insert');
  if (!adds) return false;
  if (!words.next()) log.warn(line.base + line.start, 'skipped: -A without a chain name');
  else if (isDecodedChainAt(line.text, words.start)) addRule(line, pos, table, rules, log);
  return true;
}

function addRule(line: LineRef, pos: number, table: string | null, rules: RuleSink, log: WarningLog): void {
  const parsed = parseRule(line.text, pos, trimEnd(line.text, pos, line.end));
  const offset = line.base + line.start;
  if (parsed.error !== undefined) return log.warn(offset, parsed.error);
  parsed.rule.offset = offset;
  rules.add(table, parsed.rule);
}

function trimEnd(text: string, start: number, end: number): number {
  let pos = end;
  while (pos > start && text.charCodeAt(pos - 1) === CR) pos--;
  return pos;
}

/** Whether the line is only dashes: grep's `--` / `---` separators. */
export function isSeparator(text: string, start: number, end: number): boolean {
  let pos = start;
  while (pos < end && text.charCodeAt(pos) === DASH) pos++;
  return pos > start && contentStart(text, pos, trimEnd(text, pos, end)) === trimEnd(text, pos, end);
}

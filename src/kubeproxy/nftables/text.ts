/**
 * Small text pieces shared by the `nft list` and transaction readers: what nft prints around a
 * rule (comments, counters), braces, comma lists and durations. Everything scans
 * characters forward once; no regular expression can backtrack on a hostile line.
 */

/** A rule's text without what nft adds around it, and its comment. */
export interface BareRule {
  text: string;
  comment: string | null;
}

/**
 * Drops `counter [packets N bytes M]` statements and a trailing ` comment "..."`. kube-proxy puts comments only at the end of a rule (knftables Rule.Comment),
 * and nft prints them there.
 */
export function bareRule(line: string): BareRule {
  let text = line;
  let comment: string | null = null;
  const trimmed = text.trimEnd();
  if (trimmed.endsWith('"')) {
    const open = trimmed.lastIndexOf(' comment "', trimmed.length - 2);
    if (open >= 0 && !trimmed.slice(open + 10, trimmed.length - 1).includes('"')) {
      comment = trimmed.slice(open + 10, trimmed.length - 1);
      text = trimmed.slice(0, open);
    }
  }
  return { text: withoutCounters(text).trim(), comment };
}

function withoutCounters(text: string): string {
  if (text.indexOf('counter') < 0) return text;
  const words = text.split(' ');
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== 'counter') {
      kept.push(words[i] ?? '');
      continue;
    }
    if (words[i + 1] === 'packets' && words[i + 3] === 'bytes') i += 4;
  }
  return kept.join(' ');
}

/** How much a line opens (+) or closes (-) braces, outside double-quoted strings. */
export function braceDelta(line: string): number {
  let delta = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 123) delta++;
    else if (c === 125) delta--;
  }
  return delta;
}

/** Splits at `separator` outside quotes and braces; pieces are trimmed, empty ones dropped. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === separator && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== '');
}

const UNITS: readonly (readonly [string, number])[] = [
  ['ms', 0.001],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * Seconds of an nft time: `10800s` as knftables writes it, or `3h`, `1d2h3m4s500ms` as
 * `nft list` prints it (nftables src/datatype.c time_print). null when it is not one.
 */
export function parseNftDuration(text: string): number | null {
  if (text === '' || text.length > 40) return null;
  let seconds = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = pos;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === pos) return null;
    const unit = UNITS.find(([name]) => text.startsWith(name, end));
    if (unit === undefined) return null;
    seconds += Number(text.slice(pos, end)) * unit[1];
    pos = end + unit[0].length;
  }
  return seconds;
}

/** grep's `--` between context groups, or any line of dashes only. */
export function isSeparator(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed.charCodeAt(i) !== 45) return false;
  return true;
}

/** The words of `text` separated by single or repeated spaces and tabs. */
export function words(text: string): string[] {
  return text.split(/[ \t]+/).filter((word) => word !== '');
}

/** A trimmed line without the ` # handle N` that `nft -a` prints after rules and object headers. */
export function withoutHandle(trimmed: string): string {
  const at = trimmed.lastIndexOf(' # handle ');
  return at >= 0 && /^\d+$/.test(trimmed.slice(at + 10)) ? trimmed.slice(0, at).trimEnd() : trimmed;
}

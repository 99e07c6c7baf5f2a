/**
 * The YAML that `kubectl get -o yaml` and our own `snapshot` print, read without js-yaml: block
 * mappings and sequences (go-yaml's compact `key:\n- item` as well as indented ones), plain,
 * single- and double-quoted scalars (also folded over several lines, as go-yaml wraps them at 80
 * columns), literal block scalars (`|`, `|-`), empty `{}` and `[]`, comments, `---`.
 *
 * Why: js-yaml reads a file character by character, and in a fresh process that code runs cold:
 * the example's 36 KB took 16 to 20 ms, the largest single cost of an offline `explain -f`
 * (issue 15's start-up target). Reading line by line with the engine's own string search costs a
 * fraction of that.
 *
 * It answers only where it is sure to give js-yaml's answer: anything else (anchors, aliases,
 * tags, flow collections, folded `>` scalars, tabs, CR, odd indentation, duplicate keys, scalars
 * that may be numbers in some YAML version, ...) returns null, and the caller reads the text with
 * js-yaml, limits, error messages and all (documents.ts). test/sources/blockYaml.test.ts compares
 * the two on scenario tables, on every YAML file of the repository and on generated documents.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes blockYaml. */
const LEAVE = Symbol('not block YAML');

/**
 * Characters js-yaml refuses or treats specially anywhere in a stream (its PATTERN_NON_PRINTABLE
 * and more): C0 controls but LF (tab and CR included), DEL, C1, line and paragraph separators, BOM,
 * surrogates, U+FFFE/U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSUPPORTED_CHAR = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

/** Deeper than this is left to js-yaml, which bounds depth (documents.ts MAX_DEPTH) and says so. */
const MAX_DEPTH = 64;

/**
 * Plain scalars that some YAML version reads as something other than a string: YAML 1.1 and 1.2
 * integers and floats in every base, sexagesimal numbers, timestamps, booleans, nulls, merge and
 * value keys. The few simple forms resolvePlain reads itself come before this test; whatever else
 * matches it is left to js-yaml.
 */
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\.(?:inf|nan))$/i;
const TIMESTAMP_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;
const WORD_LIKE = /^(?:y|n|yes|no|on|off|true|false|null|~|<<|=)$/i;
const SIMPLE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^-?(?:0|[1-9][0-9]{0,6})\.[0-9]{1,8}$/;

/** Characters that may not start a plain scalar or key here (YAML c-indicator, and more). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** The escapes of a double-quoted scalar that stand for one character (YAML 1.2 section 5.7). */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', t: '\t',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The documents of `text` as js-yaml's loadAll reads them, or null when the text is not in the subset. */
export function blockYaml(text: string): unknown[] | null {
  if (UNSUPPORTED_CHAR.test(text)) return null;
  try {
    return new Reader(text.split('\n')).documents();
  } catch (err) {
    if (err === LEAVE) return null;
    throw err;
  }
}

function leave(): never {
  throw LEAVE;
}

function indentOf(line: string): number {
  return spacesFrom(line, 0);
}

/** The index of the first character at or after `from` that is not a space. */
function spacesFrom(line: string, from: number): number {
  let i = from;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

/** Without the spaces at its end (YAML strips white space, not every Unicode space trimEnd strips). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** Only spaces, or a comment: skipped between nodes (never inside a scalar). */
function isBlankOrComment(line: string): boolean {
  const at = indentOf(line);
  return at === line.length || line[at] === '#';
}

/** `---` starts a document; anything else a line may start with at column 0 that js-yaml treats as a marker or directive is left to it. */
function isDocumentStart(line: string): boolean {
  if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) {
    if (trimSpaces(line) === '---') return true;
    leave();
  }
  return false;
}

/** A block sequence entry at column `col`: `-` then a space or the end of the line. */
function isEntry(line: string, col: number): boolean {
  return line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ');
}

/** After a scalar or `{}` on its line: nothing, or a comment. */
function endsLine(line: string, from: number): boolean {
  const at = spacesFrom(line, from);
  return at === line.length || (at > from && line[at] === '#');
}

class Reader {
  /** The line the reader is at. */
  private at = 0;

  constructor(private readonly lines: readonly string[]) {}

  /** js-yaml's loadAll: content before the first `---` is a document; each `---` starts one (null when empty). */
  documents(): unknown[] {
    const documents: unknown[] = [];
    this.skip();
    if (this.at < this.lines.length && !isDocumentStart(this.line())) documents.push(this.document());
    while (this.at < this.lines.length) {
      if (!isDocumentStart(this.line())) leave();
      this.at++;
      this.skip();
      documents.push(this.at < this.lines.length && !isDocumentStart(this.line()) ? this.document() : null);
    }
    return documents;
  }

  private document(): unknown {
    const line = this.line();
    const value = this.block(indentOf(line), 0);
    this.skip();
    if (this.at < this.lines.length && !isDocumentStart(this.line())) leave(); // content left over: an indentation error
    return value;
  }

  private line(): string {
    return this.lines[this.at] as string;
  }

  /** Moves past blank and comment lines. */
  private skip(): void {
    while (this.at < this.lines.length && isBlankOrComment(this.line())) this.at++;
  }

  /** The collection whose first line is the current one, its content at column `col`. */
  private block(col: number, depth: number): unknown {
    const line = this.line();
    if (isEntry(line, col)) return this.sequence(col, depth);
    const key = keyAt(line, col);
    return key !== null ? this.mapping(col, depth, key) : leave(); // else a scalar document, or a scalar alone on its line under a key
  }

  /** The mapping at column `col` whose first line is the current one, and that line's key, already read. */
  private mapping(col: number, depth: number, first: Key): Record<string, unknown> {
    if (depth > MAX_DEPTH) leave();
    const map: Record<string, unknown> = {};
    for (let next: Key | null = first; ; next = null) {
      const line = this.line();
      const key = next ?? keyAt(line, col) ?? leave();
      if (key.name === '__proto__' || key.name === '<<' || Object.hasOwn(map, key.name)) leave();
      map[key.name] = this.valueAfter(line, key.end, col, depth);
      if (!this.continues(col)) return map;
      if (isEntry(this.line(), col)) leave(); // an entry where a key belongs
    }
  }

  private sequence(col: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) leave();
    const items: unknown[] = [];
    for (;;) {
      const line = this.line();
      const start = spacesFrom(line, col + 1);
      if (endsLine(line, col + 1)) {
        this.at++;
        items.push(this.nested(col, false, depth));
      } else if (isEntry(line, start)) {
        items.push(this.sequence(start, depth + 1)); // `- - x`: a sequence in a sequence
      } else {
        const key = keyAt(line, start);
        items.push(key !== null ? this.mapping(start, depth + 1, key) : this.inline(line, start, col));
      }
      if (!this.continues(col) || !isEntry(this.line(), col)) return items;
    }
  }

  /** Whether the collection at column `col` goes on at the current line; leaves on a line indented deeper. */
  private continues(col: number): boolean {
    this.skip();
    if (this.at >= this.lines.length) return false;
    const indent = indentOf(this.line());
    if (indent > col) leave();
    return indent === col && !(col === 0 && isDocumentStart(this.line()));
  }

  /** The value of a mapping entry at column `col` whose `:` ends at `from`. */
  private valueAfter(line: string, from: number, col: number, depth: number): unknown {
    if (endsLine(line, from)) {
      this.at++;
      return this.nested(col, true, depth);
    }
    return this.inline(line, spacesFrom(line, from), col);
  }

  /**
   * The node on the lines after a key or `-` with nothing after it: a collection indented deeper,
   * go-yaml's compact sequence at the key's own column (`compact`), or null.
   */
  private nested(col: number, compact: boolean, depth: number): unknown {
    this.skip();
    if (this.at >= this.lines.length) return null;
    const line = this.line();
    const indent = indentOf(line);
    if (indent > col) return this.block(indent, depth + 1);
    if (compact && indent === col && isEntry(line, col)) return this.sequence(col, depth + 1);
    return null;
  }

  /** A scalar (or `{}`, `[]`) starting at column `start`, in a collection at column `col`. */
  private inline(line: string, start: number, col: number): unknown {
    const first = line[start] as string;
    if (first === '"' || first === "'") return this.quoted(line, start, col);
    if (first === '|') return this.literal(line, start, col);
    if (first === '{' || first === '[') {
      if (line[start + 1] !== (first === '{' ? '}' : ']') || !endsLine(line, start + 2)) leave();
      this.at++;
      return first === '{' ? {} : [];
    }
    if (INDICATORS.has(first) && !(first === '-' && line[start + 1] !== ' ' && start + 1 < line.length)) leave();
    return resolvePlain(this.plain(line, start, col));
  }

  /** A plain scalar, with the lines that continue it (indented deeper than `col`) folded in. */
  private plain(line: string, start: number, col: number): string {
    const comment = line.indexOf(' #', start);
    let text = plainPart(comment < 0 ? line.slice(start) : line.slice(start, comment));
    this.at++;
    let blanks = 0;
    for (let next = this.at; next < this.lines.length; next++) {
      const more = this.lines[next] as string;
      const indent = indentOf(more);
      if (indent === more.length) {
        blanks++;
        continue;
      }
      if (indent <= col) break;
      if (comment >= 0 || more[indent] === '#' || isEntry(more, indent) || more.includes(' #')) leave();
      text += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + plainPart(more.slice(indent));
      blanks = 0;
      this.at = next + 1;
    }
    return text;
  }

  /** A single- or double-quoted scalar, folded over lines as YAML folds flow scalars. */
  private quoted(line: string, start: number, col: number): string {
    const double = line[start] === '"';
    let text = '';
    let current = line;
    let from = start + 1;
    for (;;) {
      const piece = double ? doubleQuotedPiece(current, from) : singleQuotedPiece(current, from);
      text += piece.text;
      if (piece.end >= 0) {
        if (!endsLine(current, piece.end)) leave();
        this.at++;
        return text;
      }
      const fold = this.foldedLineBreak(col);
      if (piece.joined && fold.separator !== ' ') leave(); // an escaped line break before an empty line
      text += piece.joined ? '' : fold.separator;
      current = this.line();
      from = fold.from;
    }
  }

  /** Moves to the next content line of a quoted scalar: the separator the line break folds to, and where that line's text starts. */
  private foldedLineBreak(col: number): { separator: string; from: number } {
    let blanks = 0;
    for (this.at++; this.at < this.lines.length; this.at++) {
      const indent = indentOf(this.line());
      if (indent < this.line().length) {
        if (indent <= col) leave();
        return { separator: blanks > 0 ? '\n'.repeat(blanks) : ' ', from: indent };
      }
      blanks++;
    }
    return leave(); // unterminated
  }

  /** `|` or `|-`: the lines indented deeper than `col`, as they are. */
  private literal(line: string, start: number, col: number): string {
    const strip = line[start + 1] === '-';
    if (!endsLine(line, start + (strip ? 2 : 1))) leave(); // `|+`, indentation indicators, `|x`
    const lines = this.lines;
    const begin = this.at + 1;
    let first = begin;
    while (first < lines.length && isBlank(lines[first] as string)) first++;
    const indent = first < lines.length ? indentOf(lines[first] as string) : 0;
    if (indent <= col) leave(); // an empty literal
    let end = first + 1; // one past its last line that is not blank
    for (let at = begin; at < lines.length; at++) {
      const text = lines[at] as string;
      if (isBlank(text)) {
        // Spaces beyond the indentation on a blank line are content, kept by rules of their own.
        if (text.length > indent) leave();
        continue;
      }
      if (indentOf(text) < indent) break;
      end = at + 1;
    }
    const content = lines.slice(begin, end);
    this.at = end;
    const value = content.map((text) => text.slice(indent)).join('\n');
    return strip ? value : `${value}\n`;
  }
}

interface Key {
  name: string;
  /** Index just after the `:`. */
  end: number;
}

/** The key of a mapping entry at column `col`: a plain or quoted scalar, then `:` and a space or the end of the line. */
function keyAt(line: string, col: number): Key | null {
  const first = line[col];
  if (first === '"' || first === "'") {
    const piece = first === '"' ? doubleQuotedPiece(line, col + 1) : singleQuotedPiece(line, col + 1);
    if (piece.end < 0 || line[piece.end] !== ':') return null;
    return piece.end + 1 === line.length || line[piece.end + 1] === ' ' ? { name: piece.text, end: piece.end + 1 } : null;
  }
  if (first === undefined || INDICATORS.has(first)) return null;
  let colon = col;
  for (;;) {
    colon = line.indexOf(':', colon);
    if (colon < 0) return null;
    if (colon + 1 === line.length || line[colon + 1] === ' ') break;
    colon++;
  }
  const raw = line.slice(col, colon);
  if (raw.includes(' #')) return null;
  const name = trimSpaces(raw);
  const value = resolvePlain(name);
  // js-yaml turns a key into a string: only keys that stay the same text are read here.
  if (typeof value !== 'string' && String(value) !== name) leave();
  return { name, end: colon + 1 };
}

/** One line of a plain scalar, trailing spaces dropped; what js-yaml would refuse or read differently leaves. */
function plainPart(text: string): string {
  const part = trimSpaces(text);
  if (part.includes(': ') || part.endsWith(':')) leave(); // a mapping where a scalar belongs
  return part;
}

/** A plain scalar's value under js-yaml's schema, for the forms read here; the others leave. */
function resolvePlain(text: string): unknown {
  if (isPlainWord(text)) return text;
  if (text === 'null' || text === 'Null' || text === 'NULL' || text === '~' || text === '') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (SIMPLE_INT.test(text) || SIMPLE_FLOAT.test(text)) {
    const value = Number(text);
    return Object.is(value, -0) ? leave() : value;
  }
  if (NUMBER_LIKE.test(text) || TIMESTAMP_LIKE.test(text) || WORD_LIKE.test(text)) leave();
  return text;
}

/**
 * Most keys and values: text that starts with a letter and is none of the words below (which
 * start with y, n, o, t or f and are at most 5 letters long). Numbers start with a digit, a sign
 * or a dot, timestamps with a digit.
 */
function isPlainWord(text: string): boolean {
  const first = text.charCodeAt(0) | 0x20; // lower case, for letters
  if (first < 0x61 || first > 0x7a) return false;
  return text.length > 5 || !WORD_INITIALS.includes(text[0] as string);
}
const WORD_INITIALS = 'yYnNoOtTfF';

interface Piece {
  text: string;
  /** Index after the closing quote, or -1 when the scalar goes on to the next line. */
  end: number;
  /** The line ended in an escaped line break (`\` at the end of a double-quoted line). */
  joined: boolean;
}

/** The text of a single-quoted scalar from `from` to its closing quote or the end of the line (`''` is a quote). */
function singleQuotedPiece(line: string, from: number): Piece {
  let text = '';
  let at = from;
  for (;;) {
    const quote = line.indexOf("'", at);
    if (quote < 0) return { text: text + trimSpaces(line.slice(at)), end: -1, joined: false };
    text += line.slice(at, quote);
    if (line[quote + 1] !== "'") return { text, end: quote + 1, joined: false };
    text += "'";
    at = quote + 2;
  }
}

/** The text of a double-quoted scalar from `from` to its closing quote or the end of the line, escapes decoded. */
function doubleQuotedPiece(line: string, from: number): Piece {
  let text = '';
  let at = from;
  // Each search goes on from where the last one stopped: a line of escapes costs its length, once.
  let quote = line.indexOf('"', at);
  let escape = line.indexOf('\\', at);
  while (escape >= 0 && (quote < 0 || escape < quote)) {
    text += line.slice(at, escape);
    if (escape + 1 === line.length) return { text, end: -1, joined: true };
    const decoded = escaped(line, escape + 1);
    text += decoded.text;
    at = decoded.next;
    if (quote >= 0 && quote < at) quote = line.indexOf('"', at); // the quote was escaped
    escape = line.indexOf('\\', at);
  }
  if (quote < 0) return { text: text + trimSpaces(line.slice(at)), end: -1, joined: false };
  return { text: text + line.slice(at, quote), end: quote + 1, joined: false };
}

/** The escape whose letter is at `at`: its text and the index after it. */
function escaped(line: string, at: number): { text: string; next: number } {
  const letter = line[at] as string;
  const simple = ESCAPES[letter];
  if (simple !== undefined) return { text: simple, next: at + 1 };
  const digits = HEX_DIGITS[letter] ?? leave();
  const hex = line.slice(at + 1, at + 1 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) leave();
  const code = parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) leave();
  return { text: String.fromCodePoint(code), next: at + 1 + digits };
}

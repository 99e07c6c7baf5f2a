/**
 * kubectl's JSONPath template parser, rule for rule as client-go's util/jsonpath/parser.go
 * (kubectl v1.32): text outside `{}` is printed as is; inside, `.field`, `[i]`, `[start:end:step]`,
 * `[*]`, `['key']`, unions `[a,b]`, filters `[?(@.x=="y")]`, `..` recursive descent, `*`,
 * quoted text, numbers, `true`/`false`, and the identifiers `range` and `end`. The Go parser is
 * a chain of tail calls; this one is the same state machine as a loop, so a long template cannot
 * exhaust the stack. Errors carry the Go parser's words.
 */
import { list, type ListNode, type SliceParam } from './nodes.ts';
import { unquoteExtend } from './quote.ts';

const EOF = -1;

export class JsonPathSyntaxError extends Error {}

/** Parses a whole template into its root list (text nodes and one list per `{...}` action). */
export function parseTemplate(text: string): ListNode {
  return new Parser(text).parse();
}

/** parser.go parseAction: the nodes of `{text}`, for union members, dict keys and filter operands. */
function parseAction(text: string): ListNode {
  const first = parseTemplate(`{${text}}`).nodes[0];
  return first?.type === 'list' ? first : list();
}

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || (r >= 0 && /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r)));
const isTerminator = (r: number) => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(String.fromCodePoint(r));

/** Go's `%#U`: `U+002A '*'`, without the quoted character when it is not printable. */
function goRune(r: number): string {
  const code = `U+${r.toString(16).toUpperCase().padStart(4, '0')}`;
  const c = String.fromCodePoint(r);
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(c) ? `${code} '${c}'` : code;
}

class Parser {
  private pos = 0;
  private start = 0;
  private width = 0;
  private readonly root = list();

  constructor(private readonly input: string) {}

  parse(): ListNode {
    for (;;) {
      const brace = this.input.indexOf('{', this.pos);
      if (brace < 0) break;
      this.pos = brace;
      if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
      this.pos += 1;
      this.consume();
      const action = list();
      this.root.nodes.push(action);
      this.insideAction(action);
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
    return this.root;
  }

  /** parseInsideAction, until the closing `}`. */
  private insideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos, this.pos + 3);
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consume();
        return;
      }
      if (rest === '[?(') this.filter(cur);
      else if (rest.startsWith('..')) this.recursive(cur);
      else this.token(cur);
    }
  }

  private token(cur: ListNode): void {
    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JsonPathSyntaxError('unclosed action');
    if (r === 0x20 || r === 0x40 /* @ */ || r === 0x24 /* $ */) this.consume();
    else if (r === 0x5b /* [ */) this.array(cur);
    else if (r === 0x22 || r === 0x27) this.quote(cur, r);
    else if (r === 0x2e /* . */) this.field(cur);
    else if (r === 0x2b || r === 0x2d || isDigit(r)) {
      this.backup();
      this.number(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      this.identifier(cur);
    } else throw new JsonPathSyntaxError(`unrecognized character in action: ${goRune(r)}`);
  }

  private identifier(cur: ListNode): void {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consume();
    cur.nodes.push(value === 'true' || value === 'false' ? { type: 'bool', value: value === 'true' } : { type: 'identifier', name: value });
  }

  private recursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.field(cur);
  }

  private number(cur: ListNode): void {
    const sign = this.peek();
    if (sign === 0x2b || sign === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) break;
    }
    this.backup();
    const value = this.consume();
    if (/^[+-]?[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }

  private array(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';
    const members = text.split(',');
    if (members.length > 1) {
      cur.nodes.push({ type: 'union', lists: members.map((m) => parseAction(`[${m.replace(/^ +| +$/g, '')}]`)) });
      return;
    }
    const key = /^'([^']*)'$/.exec(text);
    if (key) {
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return;
    }
    cur.nodes.push({ type: 'array', params: sliceParams(text) });
  }

  private filter(cur: ListNode): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError('unterminated filter');
      if (r === 0x22 || r === 0x27) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === 0x29 /* ) */ && begin === end) break;
    }
    if (this.next() !== 0x5d) throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const parts = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/.exec(text);
    if (!parts) cur.nodes.push({ type: 'filter', left: parseAction(text), right: list(), operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(parts[1] ?? ''), right: parseAction(parts[3] ?? ''), operator: parts[2] ?? '' });
  }

  private quote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathSyntaxError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consume();
    const text = unquoteExtend(value);
    if (text === null) throw new JsonPathSyntaxError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'text', text });
  }

  private field(cur: ListNode): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === 0x5c /* \ */) this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    cur.nodes.push(value === '*' ? { type: 'wildcard' } : { type: 'field', name: value.replaceAll('\\', '') });
  }

  private consume(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) ?? EOF;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }
}

/** `[start:end:step]` as parser.go fills its three ParamsEntry; `[i]` ends at i+1 ("derived"). */
function sliceParams(text: string): [SliceParam, SliceParam, SliceParam] {
  const m = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
  if (!m) throw new JsonPathSyntaxError(`invalid array index ${text}`);
  const params: SliceParam[] = [];
  for (let i = 0; i < 3; i++) {
    let value = m[i + 1] ?? '';
    if (value === '') {
      const first = params[0]?.value ?? 0;
      params.push(i === 1 ? { value: first + 1, known: true, derived: true } : { value: 0, known: false, derived: false });
      continue;
    }
    if (i > 0) value = value.slice(1);
    if (i > 0 && value === '') params.push({ value: 0, known: false, derived: false });
    else if (/^-?[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) params.push({ value: Number(value), known: true, derived: false });
    else throw new JsonPathSyntaxError(`array index ${value} is not a number`);
  }
  return params as [SliceParam, SliceParam, SliceParam];
}

/**
 * Splits one iptables rule line into words the way iptables-restore does: runs of blanks separate
 * words, and double or single quotes group blanks into one word. iptables-save quotes every
 * comment (`--comment "ns/svc:port"`) while kube-proxy's restore input leaves one-word comments
 * bare (pkg/proxy/iptables/proxier.go appendServiceCommentLocked); both read the same here.
 *
 * The cursor hands out word bounds instead of strings, so the decoder's hot path can compare
 * flags like `-j` in place and copy only the values it keeps.
 */
import { BACKSLASH, CR, DOUBLE_QUOTE, SINGLE_QUOTE, SPACE, TAB } from './chars.ts';

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB || code === CR;
}

/** Walks the words of `text` between `from` and `limit` (one line, without its newline). */
export class TokenCursor {
  /** Bounds of the current word, quotes included. */
  start = 0;
  end = 0;
  /** True when the current word has quotes or escapes, so value() must unquote it. */
  quoted = false;
  /** Set when a quote is not closed; next() then returns false. */
  error: string | null = null;
  private pos: number;

  constructor(
    readonly text: string,
    from: number,
    readonly limit: number,
  ) {
    this.pos = from;
  }

  /** Moves to the next word; false at the end of the line or on an unclosed quote. */
  next(): boolean {
    const { text, limit } = this;
    let pos = this.pos;
    while (pos < limit && isBlank(text.charCodeAt(pos))) pos++;
    if (pos >= limit) return false;
    this.start = pos;
    this.quoted = false;
    while (pos < limit) {
      const code = text.charCodeAt(pos);
      if (isBlank(code)) break;
      if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        this.quoted = true;
        pos = this.skipQuoted(pos, code);
        if (pos < 0) return false;
      } else if (code === BACKSLASH) {
        this.quoted = true;
        pos += 2;
      } else {
        pos++;
      }
    }
    this.end = Math.min(pos, limit);
    this.pos = this.end;
    return true;
  }

  /** Position after the closing quote that matches the one at `open`, or -1. */
  private skipQuoted(open: number, quote: number): number {
    const { text, limit } = this;
    let pos = open + 1;
    while (pos < limit) {
      const code = text.charCodeAt(pos);
      if (code === quote) return pos + 1;
      pos += code === BACKSLASH && quote === DOUBLE_QUOTE ? 2 : 1;
    }
    this.error = 'unclosed quote';
    this.pos = limit;
    return -1;
  }

  /** Whether the current word is exactly `word` (unquoted). */
  is(word: string): boolean {
    return this.end - this.start === word.length && !this.quoted && this.text.startsWith(word, this.start);
  }

  /** The first character code of the current word. */
  firstCode(): number {
    return this.text.charCodeAt(this.start);
  }

  /** The current word with quotes removed and backslash escapes resolved. */
  value(): string {
    const { text, start, end } = this;
    if (!this.quoted) return text.slice(start, end);
    // The usual quoted word, `"ns/svc:port cluster IP"`, needs no rewriting.
    const quote = text.charCodeAt(start);
    if (quote === DOUBLE_QUOTE && text.charCodeAt(end - 1) === DOUBLE_QUOTE && end - start >= 2) {
      const inner = text.slice(start + 1, end - 1);
      if (!inner.includes('\\') && !inner.includes('"')) return inner;
    }
    return unquote(text.slice(start, end));
  }
}

/** Removes shell quoting from one word: "a b" → a b, 'x' → x, \" → ". */
export function unquote(word: string): string {
  let out = '';
  let quote = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (quote === 0 && (code === DOUBLE_QUOTE || code === SINGLE_QUOTE)) {
      quote = code;
    } else if (quote !== 0 && code === quote) {
      quote = 0;
    } else if (code === BACKSLASH && quote !== SINGLE_QUOTE && i + 1 < word.length) {
      out += word.charAt(++i);
    } else {
      out += word.charAt(i);
    }
  }
  return out;
}

/** All words of one line, unquoted; null when a quote is not closed. */
export function tokenize(line: string): string[] | null {
  const cursor = new TokenCursor(line, 0, line.length);
  const words: string[] = [];
  while (cursor.next()) words.push(cursor.value());
  return cursor.error === null ? words : null;
}

/**
 * parser.go UnquoteExtend: Go's strconv.Unquote (strconv.UnquoteChar escapes: \a \b \f \n \r \t
 * \v \\ \' \" \xHH \ooo \uHHHH \UHHHHHHHH), extended to single-quoted text. null means Go's
 * ErrSyntax ("invalid syntax").
 */
const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

export function unquoteExtend(s: string): string | null {
  if (s.length < 2) return null;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return null;
  let rest = s.slice(1, -1);
  if (!rest.includes('\\') && !rest.includes(quote)) return rest;
  let out = '';
  while (rest.length > 0) {
    const one = unquoteChar(rest, quote);
    if (one === null) return null;
    out += one.value;
    rest = rest.slice(one.length);
  }
  return out;
}

function unquoteChar(s: string, quote: string): { value: string; length: number } | null {
  const c = s[0] ?? '';
  if (c === quote) return null;
  if (c !== '\\') {
    const cp = s.codePointAt(0) ?? 0;
    return { value: String.fromCodePoint(cp), length: cp > 0xffff ? 2 : 1 };
  }
  const e = s[1];
  if (e === undefined) return null;
  const simple = SIMPLE[e];
  if (simple !== undefined) return { value: simple, length: 2 };
  const digits = HEX_DIGITS[e];
  if (digits !== undefined) {
    const hex = s.slice(2, 2 + digits);
    if (hex.length < digits || !/^[0-9a-fA-F]+$/.test(hex)) return null;
    const v = parseInt(hex, 16);
    // \u and \U must name a valid rune (no surrogates, at most U+10FFFF).
    if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return null;
    return { value: String.fromCodePoint(v), length: 2 + digits };
  }
  if (e >= '0' && e <= '7') {
    const octal = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(octal)) return null;
    const v = parseInt(octal, 8);
    return v > 255 ? null : { value: String.fromCharCode(v), length: 4 };
  }
  if (e === "'" || e === '"') return e === quote ? { value: e, length: 2 } : null;
  return null;
}

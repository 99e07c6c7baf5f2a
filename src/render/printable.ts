/**
 * Text from the cluster or from a file, made safe to print on a terminal. An Event message, a
 * probe command, a label or a node name can carry escape sequences: OSC 52 writes the user's
 * clipboard, OSC 8 plants a hyperlink, `ESC[2J` clears the screen, an 8-bit CSI (U+009B) does the
 * same on terminals that honour C1 controls, and bidi overrides (U+202E) make text read
 * differently from what it is (CVE-2021-25743 for kubectl; CVE-2021-42574 for the bidi class).
 * Every such character is shown escaped (`\e]52;...`, `\x07`, `\x9b`, `\u202e`), never emitted.
 *
 * Only human output goes through here: JSON and YAML keep the exact strings (their serializers
 * escape control characters). Our own colours are added after, so they are unaffected.
 */

/** C0 controls, DEL, C1 controls, and the bidi embedding, override, isolate and mark characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE.source, 'g');

const NAMED: Record<string, string> = { '\u001b': '\\e', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether `text` holds a character that `printable` would write out. */
export function isPrintable(text: string): boolean {
  return !UNPRINTABLE.test(text);
}

/** `text` with every control, escape and bidi character written out visibly. */
export function printable(text: string): string {
  return UNPRINTABLE.test(text) ? text.replace(EVERY_UNPRINTABLE, escape) : text;
}

/**
 * A copy of a plain value (the explanation, a listing, decoded rules) with every string, keys
 * included, made printable: what a table renderer is given, so no cell or line it builds can
 * carry a control character from its input, wherever the text ends up.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[printable(key)] = printableDeep(field);
  return copy as T;
}

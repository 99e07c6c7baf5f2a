/**
 * JSON values as the Go code behind kubectl sees them once a document is decoded into
 * `map[string]interface{}` (apimachinery's unstructured JSON): integers are int64, other numbers
 * float64, and a few values JSON has no word for. How each prints (fmt.Sprint, encoding/json)
 * and compares (the text/template comparison functions client-go forks) follows Go, so a
 * template prints what kubectl prints.
 */

/** An invalid reflect.Value: what a `{range}` hands its body for a null item (prints `<no value>`). */
export const NO_VALUE = Symbol('no value');

/** One byte of a string (`*` and `..` walk strings byte by byte): Go's uint8. */
export class GoByte {
  constructor(readonly value: number) {}
}

/** A float64 written in the template (`2.0`), which JavaScript would otherwise take for an integer. */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** An evaluation error, with what the failing step returned (an `exists` filter keeps it, as jsonpath.go does). */
export class JsonPathError extends Error {
  constructor(
    message: string,
    readonly partial: unknown[] = [],
  ) {
    super(message);
  }
}

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string';

/** unstructured decodes a JSON number to int64 when it parses as one, else float64. */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoByte) && !(v instanceof GoFloat);
}

/** fmt's %v of a float64: strconv 'g' with the shortest digits, %e below 1e-4 and from 1e6 (1e+06). */
export function formatFloat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', exponent = '0'] = f.toExponential().split('e');
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(f);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** fmt.Sprint: what custom-columns prints (`map[k:v]`, `[a b]`, `<nil>`). */
export function goSprint(v: unknown): string {
  if (v === NO_VALUE) return '<no value>';
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof GoByte) return String(v.value);
  if (v instanceof GoFloat) return formatFloat(v.value);
  if (typeof v === 'number') return isGoInt(v) ? String(v) : formatFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isMap(v)) return `map[${goKeys(v).map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  return String(v);
}

/** Map keys in the order Go's fmt and encoding/json print them: by bytes. */
function goKeys(v: Record<string, unknown>): string[] {
  return Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** encoding/json's escaping: JSON.stringify's, plus <, >, & and U+2028/9 as \u escapes. */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.Marshal (indent '') or json.MarshalIndent(v, '', indent): keys sorted, HTML escaped. */
export function goJson(v: unknown, indent = '', level = ''): string {
  if (v === null || v === undefined || v === NO_VALUE) return 'null';
  if (v instanceof GoByte || v instanceof GoFloat) return JSON.stringify(v.value);
  if (typeof v === 'string') return goString(v);
  if (typeof v !== 'object') return JSON.stringify(v);
  const inner = level + indent;
  const open = indent ? `\n${inner}` : '';
  const between = indent ? `,\n${inner}` : ',';
  const close = indent ? `\n${level}` : '';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${open}${v.map((x) => goJson(x, indent, inner)).join(between)}${close}]`;
  const keys = goKeys(v as Record<string, unknown>);
  if (keys.length === 0) return '{}';
  const colon = indent ? ': ' : ':';
  return `{${open}${keys.map((k) => `${goString(k)}${colon}${goJson((v as Record<string, unknown>)[k], indent, inner)}`).join(between)}${close}}`;
}

function kindOf(v: unknown): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoByte) return 'uint';
  if (v instanceof GoFloat) return 'float';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  throw new JsonPathError('invalid type for comparison');
}

function scalar(v: unknown): number | string | boolean {
  return v instanceof GoByte || v instanceof GoFloat ? v.value : (v as number | string | boolean);
}

/** text/template `eq` and `lt`: the same kind (int with uint aside), else "incompatible types for comparison". */
function order(a: unknown, b: unknown, op: 'eq' | 'lt'): boolean {
  const [k1, k2] = [kindOf(a), kindOf(b)];
  const [x, y] = [scalar(a), scalar(b)];
  const mixedInts = (k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int');
  if (k1 !== k2 && !mixedInts) throw new JsonPathError('incompatible types for comparison');
  if (op === 'eq') return x === y;
  if (k1 === 'bool') throw new JsonPathError('invalid type for comparison');
  if (k1 === 'string') return Buffer.compare(Buffer.from(x as string), Buffer.from(y as string)) < 0;
  return (x as number) < (y as number);
}

/** A filter's operator (jsonpath.go evalFilter): <, >, ==, !=, <=, >=. */
export function compare(operator: string, a: unknown, b: unknown): boolean {
  switch (operator) {
    case '<': return order(a, b, 'lt');
    case '>': return !(order(a, b, 'lt') || order(a, b, 'eq'));
    case '==': return order(a, b, 'eq');
    case '!=': return !order(a, b, 'eq');
    case '<=': return order(a, b, 'lt') || order(a, b, 'eq');
    case '>=': return !order(a, b, 'lt');
    default: throw new JsonPathError(`unrecognized filter operator ${operator}`);
  }
}

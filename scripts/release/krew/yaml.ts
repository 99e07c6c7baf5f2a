/**
 * Manifest YAML read as krew reads it. krew decodes with sigs.k8s.io/yaml v1.6.0 (go.mod of
 * kubernetes-sigs/krew at db921d5), whose `Unmarshal` first decodes the YAML into `interface{}`
 * with go-yaml v2 (go.yaml.in/yaml/v2 v2.4.2), a YAML 1.1 parser. What matters here is how a plain
 * (unquoted) scalar resolves, in go-yaml v2's `resolve.go` `resolve()`:
 *
 * - `y`, `yes`, `on`, `true` (three spellings each) and their negatives are booleans, `~`,
 *   `null` and the empty scalar are null, `.inf`/`.nan` are floats;
 * - a scalar starting with a sign or a digit is an int if Go's `strconv.ParseInt(s, 0, 64)`
 *   reads it once `_` are removed (so `0755` is octal, `0x1F`, `0o17` and `0b101` too), else an
 *   unsigned int (`ParseUint`), else a float if it matches `yamlStyleFloat` (`1e3` is 1000);
 * - anything else, including dates (go-yaml keeps a timestamp's text when decoding into
 *   `interface{}`, decode.go `scalar`), stays a string.
 *
 * js-yaml's YAML 1.1 schema differs (`1:20` is 80, `1e3` and `0o17` stay strings, dates become
 * Date objects), so the plain-scalar tag below replaces its resolvers. Ints and floats are kept
 * apart (GoInt, GoFloat) because sigs.k8s.io/yaml turns them into different strings where krew
 * expects one (decode.ts).
 */
import { defineScalarTag, FAILSAFE_SCHEMA, loadAll, mergeTag, NOT_RESOLVED } from 'js-yaml';

/** A YAML int as go-yaml v2 decodes it (int, int64 or uint64), exactly. */
export class GoInt {
  constructor(readonly value: bigint) {}
  /** sigs.k8s.io/yaml `convertToJSONableObject`: `strconv.FormatInt`/`FormatUint`. */
  toString(): string {
    return this.value.toString();
  }
}

/** A YAML float as go-yaml v2 decodes it (float64). */
export class GoFloat {
  constructor(readonly value: number) {}
  /** sigs.k8s.io/yaml `convertToJSONableObject`: `strconv.FormatFloat(v, 'g', -1, 32)`. */
  toString(): string {
    return formatFloat32g(this.value);
  }
}

const WORDS: Record<string, boolean | null | GoFloat> = {};
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS[w] = false;
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS[w] = null;
for (const w of ['.nan', '.NaN', '.NAN']) WORDS[w] = new GoFloat(NaN);
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS[w] = new GoFloat(Infinity);
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS[w] = new GoFloat(-Infinity);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml v2 `resolve("", s)` for a plain scalar: its value, or NOT_RESOLVED for a string. */
function resolvePlain(s: string): unknown {
  if (Object.hasOwn(WORDS, s)) return WORDS[s];
  const hint = s[0] ?? '';
  if (hint === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? finiteFloat(Number(s)) : NOT_RESOLVED;
  if (!/[-+0-9]/.test(hint)) return NOT_RESOLVED;
  const plain = s.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined && int >= INT64[0] && int <= UINT64_MAX && (int <= INT64[1] || !/^[-+]/.test(plain))) return new GoInt(int);
  // resolve.go's later `0b` branch only repeats what ParseInt's base 0 already reads.
  return YAML_STYLE_FLOAT.test(plain) ? finiteFloat(Number(plain)) : NOT_RESOLVED;
}

/** `strconv.ParseFloat` fails on overflow, and go-yaml then keeps the string. */
function finiteFloat(value: number): GoFloat | typeof NOT_RESOLVED {
  return Number.isFinite(value) ? new GoFloat(value) : NOT_RESOLVED;
}

/** `strconv.ParseInt(s, 0, 64)`'s syntax: a sign, then 0x/0o/0b/0-octal or decimal digits. */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const [, sign, digits = ''] = m;
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.toLowerCase());
  return sign === '-' ? -magnitude : magnitude;
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 32)`: shortest float32 digits, %e past exponent 6. */
export function formatFloat32g(value: number): string {
  // bitSize 32: the float64 is first rounded to a float32, so 1e63 is +Inf.
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const [mantissa = '', e = '0'] = Math.abs(f).toExponential(precision - 1).split('e');
    if (Math.fround(Number(`${mantissa}e${e}`)) === Math.abs(f)) {
      digits = mantissa.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

const goPlainScalar = defineScalarTag('tag:yaml.org,2002:go-yaml-v2-plain', {
  implicit: true,
  // resolve.go's resolveTable: only these first characters are ever resolved to non-strings.
  implicitFirstChars: ['', '+', '-', '.', ...'0123456789', ...'yYnNtTfFoO~'],
  resolve: (source) => resolvePlain(source),
  identify: () => false,
});

/** Strings, lists, mappings, merge keys (`<<`, decode.go `merge`), and go-yaml v2's plain scalars. */
const GO_YAML_V2 = FAILSAFE_SCHEMA.withTags(mergeTag, goPlainScalar);

/**
 * The first document of `text`, as go-yaml v2's `Unmarshal` sees it (later documents are not
 * read; an empty file is null). Later duplicate keys win, as they do in a Go map. Throws
 * js-yaml's one-line-able error on a syntax error.
 */
export function loadManifestYaml(text: string, filename: string): unknown {
  return loadAll(text, { schema: GO_YAML_V2, json: true, filename, maxAliases: 1000, maxDepth: 64 })[0] ?? null;
}

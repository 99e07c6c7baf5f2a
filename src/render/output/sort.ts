/**
 * `--sort-by PATH`, as kubectl sorts (kubectl/pkg/cmd/get/sorter.go): PATH is a relaxed JSONPath
 * evaluated on each row; rows compare by their first value, a row without one first; numbers
 * numerically, strings that both parse as quantities (80, 500m, 2Gi) by quantity, other strings
 * in natural order (fvbommel/sortorder NaturalLess: "pod-2" < "pod-10"), a null before any
 * value; booleans, maps and lists cannot be sorted. A path no row has is an error. Two deliberate
 * differences: rows that compare equal keep the table's order (kubectl uses Go's unstable
 * sort.Sort), and 1 and 0.5 compare as numbers (kubectl decodes them as int64 and float64 and
 * refuses to compare them, which would make `--sort-by .share` fail on 100% and 50%).
 */
import { UsageError } from '../../failures.ts';
import { GoByte, GoFloat } from '../jsonpath/values.ts';
import { compileRelaxed } from './columns.ts';
import { OutputFormError } from './form.ts';

/** A --sort-by field whose values cannot be ordered: a usage error (exit 2). */
export class SortError extends UsageError {}

/** The rows sorted by `path`; `docOf` gives the JSON a row prints as (what the path reads). */
export function sortRows<T>(rows: readonly T[], expression: string, docOf: (row: T) => unknown = (r) => r): T[] {
  if (rows.length === 0) return [...rows];
  const path = compileRelaxed(expression);
  const keyed = rows.map((row, index) => ({ row, index, key: path.findResults(docOf(row)).flat()[0] as unknown, has: false }));
  for (const k of keyed) k.has = path.findResults(docOf(k.row)).some((values) => values.length > 0);
  if (!keyed.some((k) => k.has)) throw new OutputFormError(`couldn't find any field with path "${path.template}" in the list of objects`);
  keyed.sort((a, b) => {
    if (!a.has || !b.has) return a.has === b.has ? a.index - b.index : a.has ? 1 : -1;
    if (isLess(a.key, b.key, path.template)) return -1;
    if (isLess(b.key, a.key, path.template)) return 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

function sortable(v: unknown): 'number' | 'string' | null {
  if (typeof v === 'number' || v instanceof GoByte || v instanceof GoFloat) return 'number';
  return typeof v === 'string' ? 'string' : null;
}

function goTypeName(v: unknown): string {
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'map' : typeof v;
}

/** sorter.go isLess for the values of a decoded document (interface{} holding nil, int64, float64, string). */
function isLess(a: unknown, b: unknown, path: string): boolean {
  if (a === null || b === null) return a === null && b !== null;
  const [ka, kb] = [sortable(a), sortable(b)];
  if (ka === null || kb === null) throw new SortError(`--sort-by ${path}: cannot sort by a ${goTypeName(ka === null ? a : b)}`);
  if (ka !== kb) throw new SortError(`--sort-by ${path}: cannot compare a number with a string`);
  if (ka === 'number') return num(a) < num(b);
  const [qa, qb] = [parseQuantity(a as string), parseQuantity(b as string)];
  if (qa !== null && qb !== null) return qa < qb;
  return naturalLess(a as string, b as string);
}

const num = (v: unknown): number => (v instanceof GoByte || v instanceof GoFloat ? v.value : (v as number));

const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** resource.ParseQuantity's grammar (sign, digits, optional binary/decimal suffix or exponent), as a number. */
export function parseQuantity(s: string): number | null {
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/.exec(s);
  if (!m) return null;
  const value = Number(m[1]);
  if (m[3] !== undefined) return value * 10 ** Number(m[3]);
  return value * (SUFFIX[m[2] ?? ''] ?? 1);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** fvbommel/sortorder NaturalLess, on UTF-8 bytes: digit runs compare as numbers, digits before other bytes. */
export function naturalLess(str1: string, str2: string): boolean {
  const [a, b] = [Buffer.from(str1), Buffer.from(str2)];
  let [i, j] = [0, 0];
  while (i < a.length && j < b.length) {
    const [c1, c2] = [a[i] ?? 0, b[j] ?? 0];
    const [d1, d2] = [isDigit(c1), isDigit(c2)];
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === 0x30) i++;
    while (j < b.length && b[j] === 0x30) j++;
    const [n1, n2] = [i, j];
    while (i < a.length && isDigit(a[i] ?? 0)) i++;
    while (j < b.length && isDigit(b[j] ?? 0)) j++;
    if (i - n1 !== j - n2) return i - n1 < j - n2;
    const [r1, r2] = [a.subarray(n1, i).toString('latin1'), b.subarray(n2, j).toString('latin1')];
    if (r1 !== r2) return r1 < r2;
    if (n1 !== n2) return n1 < n2;
  }
  return a.length < b.length;
}

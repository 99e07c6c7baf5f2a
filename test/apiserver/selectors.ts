/**
 * Label and field selectors with the grammar of k8s.io/apimachinery `labels.Parse` and
 * `fields.ParseSelector`: equality (`=`, `==`, `!=`), set-based (`in (...)`, `notin (...)`),
 * existence (`key`, `!key`), numeric `>`/`<`, comma meaning AND.
 */
import type { KubeObject } from '../../src/kubernetes/objects.ts';
import type { ResourceType } from './resources.ts';

/** A selector the server cannot parse: answered with 400 BadRequest. */
export class SelectorError extends Error {}

export type Matcher = (obj: KubeObject) => boolean;

type LabelOp = 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
interface LabelRequirement { key: string; op: LabelOp; values: string[] }

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const EQ_RE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const CMP_RE = new RegExp(String.raw`^(${KEY})\s*(>|<)\s*(-?\d+)$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

export function parseLabelSelector(text: string | undefined): Matcher {
  const requirements = splitTopLevel(text ?? '').map(parseRequirement);
  return (obj) => {
    const labels = obj.metadata?.labels ?? {};
    return requirements.every((r) => matchesRequirement(r, labels));
  };
}

/** Splits on commas outside parentheses; an empty selector has no requirements. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const trimmed = parts.map((p) => p.trim());
  if (trimmed.length === 1 && trimmed[0] === '') return [];
  return trimmed;
}

function parseRequirement(text: string): LabelRequirement {
  let m = SET_RE.exec(text);
  if (m) {
    const values = (m[3] ?? '').split(',').map((v) => v.trim());
    if (values.some((v) => !VALUE_RE.test(v))) throw new SelectorError(`unable to parse requirement: invalid label value in "${text}"`);
    return { key: m[1] ?? '', op: m[2] === 'in' ? 'in' : 'notin', values };
  }
  m = EQ_RE.exec(text);
  if (m) return { key: m[1] ?? '', op: m[2] === '!=' ? '!=' : '=', values: [m[3] ?? ''] };
  m = CMP_RE.exec(text);
  if (m) return { key: m[1] ?? '', op: m[2] === '>' ? 'gt' : 'lt', values: [m[3] ?? ''] };
  m = EXISTS_RE.exec(text);
  if (m) return { key: m[2] ?? '', op: m[1] === '!' ? '!' : 'exists', values: [] };
  throw new SelectorError(`unable to parse requirement: found '${text}', expected: key, !key, key=value, key!=value, key in (...), key notin (...)`);
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.op) {
    case 'exists': return has;
    case '!': return !has;
    case '=':
    case 'in': return has && r.values.includes(value ?? '');
    case '!=':
    case 'notin': return !has || !r.values.includes(value ?? '');
    case 'gt': return has && /^-?\d+$/.test(value ?? '') && Number(value) > Number(r.values[0]);
    case 'lt': return has && /^-?\d+$/.test(value ?? '') && Number(value) < Number(r.values[0]);
  }
}

/** Field selectors: only the labels the real server indexes for the resource are accepted. */
export function parseFieldSelector(text: string | undefined, type: ResourceType): Matcher {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...type.fields]);
  const terms = splitTopLevel(text ?? '').map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1] ?? '';
    if (!allowed.has(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, negate: m[2] === '!=', value: m[3] ?? '' };
  });
  return (obj) => terms.every((t) => (fieldValue(obj, t.field) === t.value) !== t.negate);
}

/** The string value a field label has on an object ("" when absent), as the server's field sets hold it. */
export function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'source') return stringOf(lookup(obj, 'source.component'));
  if (field === 'metadata.namespace') return obj.metadata?.namespace ?? '';
  return stringOf(lookup(obj, field));
}

function lookup(obj: KubeObject, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function stringOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

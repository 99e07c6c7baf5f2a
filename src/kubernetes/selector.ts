/**
 * Label selectors as the API server reads them (apimachinery labels.Parse, and
 * metav1.LabelSelectorAsSelector for a workload's spec.selector): requirements joined by commas,
 * each `key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key` or
 * `!key`. Used where the objects are in hand (files, bundles); live, the server selects.
 */
import { UsageError } from '../failures.ts';

export type Operator = 'in' | 'notin' | 'exists' | 'doesnotexist';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** metav1.LabelSelector, as Deployments, StatefulSets, DaemonSets and ReplicaSets carry it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

const KEY = '[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?';
const VALUE = '(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?';

function requirement(text: string, whole: string): Requirement {
  const t = text.trim();
  let m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`).exec(t);
  if (m) {
    const values = (m[3] ?? '').split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) throw new UsageError(`invalid label selector "${whole}": bad value in "${t}"`);
    return { key: m[1] ?? '', operator: m[2] as Operator, values };
  }
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(t);
  if (m) return { key: m[1] ?? '', operator: m[2] === '!=' ? 'notin' : 'in', values: [m[3] ?? ''] };
  m = new RegExp(`^(!?)\\s*(${KEY})$`).exec(t);
  if (m) return { key: m[2] ?? '', operator: m[1] ? 'doesnotexist' : 'exists', values: [] };
  throw new UsageError(`invalid label selector "${whole}": cannot read "${t}"`);
}

/** `-l` text to requirements; commas inside `( )` belong to a set. */
export function parseSelector(text: string): Requirement[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  if (parts.length === 1 && parts[0]?.trim() === '') return [];
  return parts.map((p) => requirement(p, text));
}

const OPERATOR: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'doesnotexist' };

/** LabelSelectorAsSelector: matchLabels then matchExpressions. */
export function fromLabelSelector(selector: LabelSelector): Requirement[] {
  const labels = Object.entries(selector.matchLabels ?? {}).map(([key, value]): Requirement => ({ key, operator: 'in', values: [value] }));
  const expressions = (selector.matchExpressions ?? []).map((e): Requirement => ({ key: e.key, operator: OPERATOR[e.operator] ?? 'in', values: e.values ?? [] }));
  return [...labels, ...expressions];
}

export function matchesRequirements(labels: Record<string, string> | undefined, requirements: readonly Requirement[]): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = labels !== undefined && Object.hasOwn(labels, key);
    if (operator === 'exists') return has;
    if (operator === 'doesnotexist') return !has;
    if (operator === 'in') return has && values.includes(labels[key] ?? '');
    return !has || !values.includes(labels[key] ?? '');
  });
}

/** The selector as the API's labelSelector query parameter takes it. */
export function formatRequirements(requirements: readonly Requirement[]): string {
  return requirements
    .map(({ key, operator, values }) => {
      if (operator === 'exists') return key;
      if (operator === 'doesnotexist') return `!${key}`;
      if (values.length === 1) return `${key}${operator === 'in' ? '=' : '!='}${values[0]}`;
      return `${key} ${operator} (${values.join(',')})`;
    })
    .join(',');
}

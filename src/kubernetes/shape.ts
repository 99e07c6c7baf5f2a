/**
 * A small grammar for the shape of a document's fields (`obj`, `list`, `map`, `str`...) and the
 * check that finds the first field of the wrong shape, named by its path (`spec.selector`,
 * `endpoints[0].addresses`), so one line says which field to fix. The Kubernetes kinds are
 * described in shapes.ts; bundles' records and kubeconfigs use the same grammar. `null` counts as
 * absent, as Go's JSON decoding reads it.
 */

export type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'intOrString'
  | { list: Shape }
  | { map: Shape }
  | { fields: Fields };

/** A field's shape; `required` fields must be present (and not null). */
export type Fields = Record<string, Shape | { required: Shape }>;

export const str: Shape = 'string';
export const num: Shape = 'number';
export const bool: Shape = 'boolean';
export const list = (of: Shape): Shape => ({ list: of });
export const map = (of: Shape): Shape => ({ map: of });
export const obj = (fields: Fields): Shape => ({ fields });
export const required = (shape: Shape) => ({ required: shape });

/** A field of the wrong shape: where it is and what it should have been. */
export interface ShapeProblem {
  path: string;
  problem: string;
}

/** The first field of `value` that does not have `shape` (any other document: a kubeconfig). */
export function firstProblem(value: unknown, shape: Shape): ShapeProblem | null {
  return check(value, shape, '');
}

function check(value: unknown, shape: Shape, path: string): ShapeProblem | null {
  if (value === null || value === undefined) return null;
  if (shape === 'intOrString') return typeof value === 'number' || typeof value === 'string' ? null : wrong(path, value, expected(shape));
  if (typeof shape === 'string') return typeof value === shape ? null : wrong(path, value, expected(shape));
  if ('list' in shape) {
    if (!Array.isArray(value)) return wrong(path, value, 'a list');
    for (let i = 0; i < value.length; i++) {
      // An absent field is fine; an absent list item (`- ~`, `[null]`) is not something anyone means.
      if (value[i] === null || value[i] === undefined) return wrong(`${path}[${i}]`, null, expected(shape.list));
      const problem = check(value[i], shape.list, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (!isMapping(value)) return wrong(path, value, 'a mapping');
  if ('map' in shape) {
    for (const [key, entry] of Object.entries(value)) {
      const problem = check(entry, shape.map, `${path}${fieldPath(key)}`);
      if (problem) return problem;
    }
    return null;
  }
  for (const [name, field] of Object.entries(shape.fields)) {
    const isRequired = typeof field === 'object' && 'required' in field;
    const child = `${path}${fieldPath(name)}`;
    const entry = value[name];
    if (isRequired && (entry === undefined || entry === null)) return { path: child.replace(/^\./, ''), problem: 'is missing' };
    const problem = check(entry, isRequired ? field.required : field, child);
    if (problem) return problem;
  }
  return null;
}

/** What a shape is, in the words of the messages. */
function expected(shape: Shape): string {
  if (shape === 'intOrString') return 'a number or a string';
  if (typeof shape === 'string') return `a ${shape}`;
  return 'list' in shape ? 'a list' : 'a mapping';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `.name`, or `["app.kubernetes.io/name"]` for a key that is not a plain word. */
function fieldPath(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function wrong(path: string, value: unknown, expected: string): ShapeProblem {
  return { path: path.replace(/^\./, '') || '(the object)', problem: `is ${describe(value)}, not ${expected}` };
}

/** What a value is, in YAML's words. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

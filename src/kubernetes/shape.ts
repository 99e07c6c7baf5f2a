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
  return check(value, shape, null);
}

/**
 * Where a value is, from the object's root: built as the walk goes down and spelled out only for
 * a problem (spelling every field's path cost more than the checks themselves).
 */
type Path = { up: Path; key: string | number } | null;

function check(value: unknown, shape: Shape, path: Path): ShapeProblem | null {
  if (value === null || value === undefined) return null;
  if (shape === 'intOrString') return typeof value === 'number' || typeof value === 'string' ? null : wrong(path, value, expected(shape));
  if (typeof shape === 'string') return typeof value === shape ? null : wrong(path, value, expected(shape));
  if ('list' in shape) {
    if (!Array.isArray(value)) return wrong(path, value, 'a list');
    for (let i = 0; i < value.length; i++) {
      // An absent field is fine; an absent list item (`- ~`, `[null]`) is not something anyone means.
      if (value[i] === null || value[i] === undefined) return wrong({ up: path, key: i }, null, expected(shape.list));
      const problem = check(value[i], shape.list, { up: path, key: i });
      if (problem) return problem;
    }
    return null;
  }
  if (!isMapping(value)) return wrong(path, value, 'a mapping');
  if ('map' in shape) {
    for (const [key, entry] of Object.entries(value)) {
      const problem = check(entry, shape.map, { up: path, key });
      if (problem) return problem;
    }
    return null;
  }
  for (const [name, field] of Object.entries(shape.fields)) {
    const isRequired = typeof field === 'object' && 'required' in field;
    const entry = value[name];
    if (entry === undefined || entry === null) {
      if (isRequired) return { path: spelled({ up: path, key: name }), problem: 'is missing' };
      continue;
    }
    const problem = check(entry, isRequired ? field.required : field, { up: path, key: name });
    if (problem) return problem;
  }
  return null;
}

/** `spec.ports[0].port`, `metadata.labels["app.kubernetes.io/name"]`. */
function spelled(path: Path): string {
  let text = '';
  for (let at = path; at !== null; at = at.up) text = (typeof at.key === 'number' ? `[${at.key}]` : fieldPath(at.key)) + text;
  return text.replace(/^\./, '');
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

function wrong(path: Path, value: unknown, expected: string): ShapeProblem {
  return { path: spelled(path) || '(the object)', problem: `is ${describe(value)}, not ${expected}` };
}

/** What a value is, in YAML's words. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

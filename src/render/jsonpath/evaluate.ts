/**
 * What each node does to the values in hand, as client-go's util/jsonpath/jsonpath.go walks them
 * (kubectl v1.32), quirks included: a missing key yields nothing (kubectl's
 * --allow-missing-template-keys, on by default), `*` and `..` walk a string byte by byte,
 * `..` yields containers (never leaves), an empty slice of one input ends the step, a filter
 * compares exactly one value to one value of the same Go kind.
 */
import type { ListNode, Node, SliceParam } from './nodes.ts';
import { compare, GoByte, GoFloat, goSprint, isGoInt, isMap, JsonPathError, NO_VALUE } from './values.ts';

/** The range bookkeeping of jsonpath.go (beginRange, inRange, endRange), shared by every step. */
export interface RangeState {
  allowMissingKeys: boolean;
  beginRange: number;
  inRange: number;
  endRange: number;
}

export function walk(input: unknown[], node: Node, state: RangeState): unknown[] {
  switch (node.type) {
    case 'list': return walkList(input, node, state);
    case 'text': return [node.text];
    case 'field': return field(input, node.name, state);
    case 'array': return slice(input, node.params);
    case 'filter': return filter(input, node, state);
    case 'int':
    case 'bool': return input.map(() => node.value);
    case 'float': return input.map(() => new GoFloat(node.value));
    case 'wildcard': return input.flatMap(children);
    case 'recursive': return recursive(input);
    case 'union': return node.lists.flatMap((l) => walkList(input, l, state));
    case 'identifier': return identifier(input, node.name, state);
  }
}

export function walkList(input: unknown[], node: ListNode, state: RangeState): unknown[] {
  let values = input;
  for (const child of node.nodes) values = walk(values, child, state);
  return values;
}

function identifier(input: unknown[], name: string, state: RangeState): unknown[] {
  if (name === 'range') {
    state.beginRange++;
    return input;
  }
  if (name === 'end') {
    if (state.inRange === 0) throw new JsonPathError('not in range, nothing to end', []);
    state.endRange++;
    return [];
  }
  throw new JsonPathError(`unrecognized identifier ${name}`, input);
}

/** A map's key; null input is skipped; nothing found is an error only without allowMissingKeys. */
function field(input: unknown[], name: string, state: RangeState): unknown[] {
  if (input.length === 0) return [];
  const results: unknown[] = [];
  for (const value of input) if (isMap(value) && Object.hasOwn(value, name)) results.push(value[name]);
  if (results.length === 0 && !state.allowMissingKeys) throw new JsonPathError(`${name} is not found`, results);
  return results;
}

/** Go's reflect type name of a value, for "... is not array or slice". */
function goType(v: unknown): string {
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoByte) return 'uint8';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  return 'invalid value';
}

function slice(input: unknown[], template: readonly SliceParam[]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new JsonPathError(`${goType(value)} is not array or slice`, input);
    const [first, second, third] = template.map((p) => ({ ...p })) as [SliceParam, SliceParam, SliceParam];
    const length = value.length;
    if (!first.known) first.value = 0;
    if (first.value < 0) first.value += length;
    if (!second.known) second.value = length;
    if (second.value < 0 || (second.value === 0 && second.derived)) second.value += length;
    // jsonpath.go in kubectl v1.32: zero elements requested ends the step for every input.
    if (second.value === first.value) return result;
    if (first.value >= length || first.value < 0) throw new JsonPathError(`array index out of bounds: index ${first.value}, length ${length}`, input);
    if (second.value > length || second.value < 0) throw new JsonPathError(`array index out of bounds: index ${second.value - 1}, length ${length}`, input);
    if (first.value > second.value) throw new JsonPathError(`starting index ${first.value} is greater than ending index ${second.value}`, input);
    let step = 1;
    if (third.known) {
      if (third.value <= 0) throw new JsonPathError('step must be > 0', input);
      step = third.value;
    }
    for (let i = first.value; i < second.value; i += step) result.push(value[i]);
  }
  return result;
}

/** The values `*` yields: a map's values, an array's items, a string's bytes. */
function children(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isMap(value)) return Object.values(value);
  if (typeof value === 'string') return [...Buffer.from(value)].map((b) => new GoByte(b));
  return [];
}

/** `..`: every value with children (itself first, then its descendants), never a leaf. */
function recursive(input: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    const kids = children(value);
    if (kids.length === 0) continue;
    result.push(value, ...recursive(kids));
  }
  return result;
}

function filter(input: unknown[], node: Extract<Node, { type: 'filter' }>, state: RangeState): unknown[] {
  const results: unknown[] = [];
  for (const value of input) {
    if (!Array.isArray(value)) throw new JsonPathError(`${value === NO_VALUE ? '<invalid reflect.Value>' : goSprint(value)} is not array or slice and cannot be filtered`, input);
    for (const item of value) {
      if (node.operator === 'exists') {
        let lefts: unknown[];
        try {
          lefts = walkList([item], node.left, state);
        } catch (err) {
          // jsonpath.go ignores the error here and keeps what the failing step returned.
          if (!(err instanceof JsonPathError)) throw err;
          lefts = err.partial;
        }
        if (lefts.length > 0) results.push(item);
        continue;
      }
      const lefts = walkList([item], node.left, state);
      if (lefts.length === 0) continue;
      if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time', input);
      const rights = walkList([item], node.right, state);
      if (rights.length === 0) continue;
      if (rights.length > 1) throw new JsonPathError('can only compare one element at a time', input);
      if (compare(node.operator, lefts[0], rights[0])) results.push(item);
    }
  }
  return results;
}


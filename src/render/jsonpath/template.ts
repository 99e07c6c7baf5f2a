/**
 * `-o jsonpath=TEMPLATE` and `-o jsonpath-as-json=TEMPLATE` as kubectl prints them: client-go's
 * JSONPath.FindResults (ranges included) and PrintResults. Each step's values are printed
 * separated by one space; maps and arrays as compact JSON (encoding/json: sorted keys, <, >, &
 * escaped), other values as Go's fmt prints them, a null as `null`, a null range item as
 * `<no value>`. No trailing newline, as kubectl.
 *
 * No npm JSONPath library speaks this dialect: jsonpath-plus, jsonpath and RFC 9535 engines take
 * one path (`$.a.b`), not a text template with `{range}`/`{end}` and quoted text, and they
 * neither print nor compare as Go does, so this is our own small evaluator.
 */
import type { ListNode, Node } from './nodes.ts';
import { parseTemplate, JsonPathSyntaxError } from './parse.ts';
import { walk, type RangeState } from './evaluate.ts';
import { goJson, goSprint, isMap, JsonPathError, NO_VALUE } from './values.ts';

export { JsonPathError, JsonPathSyntaxError };

export interface JsonPathOptions {
  /** kubectl's --allow-missing-template-keys (default true): a missing key prints nothing instead of failing. */
  allowMissingKeys?: boolean;
  /** jsonpath-as-json: each step's values as one indented JSON array. */
  asJson?: boolean;
}

/** A parsed template, ready to run on documents; parsing throws JsonPathSyntaxError. */
export class JsonPath {
  readonly root: ListNode;

  constructor(readonly template: string) {
    this.root = parseTemplate(template);
  }

  /** JSONPath.FindResults: the values of every step, a `{range}` body once per item. */
  findResults(data: unknown, allowMissingKeys = true): unknown[][] {
    const state: RangeState & { lastEnd: number | null } = { allowMissingKeys, beginRange: 0, inRange: 0, endRange: 0, lastEnd: null };
    return findResults(this.root.nodes, 0, data, state);
  }

  /** JSONPath.Execute: the text kubectl prints for `data`. */
  execute(data: unknown, options: JsonPathOptions = {}): string {
    const results = this.findResults(data, options.allowMissingKeys ?? true);
    return results.map((values) => (options.asJson ? `${goJson(values.map(unwrapNoValue), '    ')}\n` : values.map(text).join(' '))).join('');
  }
}

const unwrapNoValue = (v: unknown) => (v === NO_VALUE ? null : v);

/** PrintResults: containers as compact JSON, the rest as fmt.Fprint prints them (null as "null"). */
function text(value: unknown): string {
  if (Array.isArray(value) || isMap(value)) return goJson(value);
  if (value === NO_VALUE) return '<no value>';
  if (value === null || value === undefined) return 'null';
  return goSprint(value);
}

/**
 * jsonpath.go FindResults over nodes[from...]: a `{range ...}` step runs the nodes after it once
 * per value (once with no value when there is none, for its errors) up to its `{end}`, then
 * resumes after that end; a range with no end leaves the rest to run again at this level.
 */
function findResults(nodes: readonly Node[], from: number, data: unknown, state: RangeState & { lastEnd: number | null }): unknown[][] {
  const cur = [data];
  const full: unknown[][] = [];
  for (let i = from; i < nodes.length; i++) {
    const node = nodes[i] as Node;
    const results = walk(cur, node, state);
    if (state.endRange > 0 && state.endRange <= state.inRange) {
      state.endRange--;
      state.lastEnd = i;
      break;
    }
    if (state.beginRange > 0) {
      state.beginRange--;
      state.inRange++;
      if (results.length > 0) for (const value of results) full.push(...findResults(nodes, i + 1, rangeItem(value), state));
      else findResults(nodes, i + 1, NO_VALUE, state);
      state.inRange--;
      for (let k = i + 1; k < nodes.length; k++) {
        if (k === state.lastEnd) {
          i = k;
          break;
        }
      }
      continue;
    }
    full.push(results);
  }
  return full;
}

/** value.Interface() of a null item is nil, which jsonpath.go then sees as an invalid value. */
function rangeItem(value: unknown): unknown {
  return value === null || value === undefined ? NO_VALUE : value;
}

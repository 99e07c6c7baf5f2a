/**
 * JSON and YAML text into plain values, bounded and without echoing the file. Used for `-f`
 * files, bundles and kubeconfigs alike, so every one of them gets the same limits:
 *
 * - **Aliases.** js-yaml shares the node an alias names instead of copying it, so an alias bomb
 *   (each anchor a list of aliases of the one before) parses at once, and then costs exponential
 *   time and memory in whoever walks it (the issue's 38 KB file: 10 s and 1.3 GB, then `Invalid
 *   string length`). kubectl's YAML reader (go-yaml) refuses such a file with "excessive aliasing"
 *   (yaml.v2 decode.go, allowedAliasRatio). Here a document may use at most MAX_ALIASES aliases
 *   (js-yaml's own `maxAliases`), and they may add at most MAX_ALIAS_NODES nodes to it once
 *   expanded, measured without expanding anything; an alias inside the node it names (a cycle)
 *   is refused too.
 * - **Depth.** At most MAX_DEPTH levels of nesting (js-yaml's `maxDepth`; JSON.parse has no such
 *   limit, so parsed JSON is measured, without recursion): no Kubernetes object comes close, and
 *   anything walking deeper could exhaust the stack.
 * - **No file content in errors.** js-yaml's message carries a snippet of the lines around the
 *   error, and V8's JSON messages quote the text near it; in a kubeconfig that is a token or a
 *   key. Errors say where (file, line) and why, and quote nothing the file holds.
 */
import { InputError } from '../failures.ts';
import { blockYaml } from './blockYaml.ts';

export const MAX_DEPTH = 100;
export const MAX_ALIASES = 100;
export const MAX_ALIAS_NODES = 100_000;

/** The parts of js-yaml used here, passed in so that a JSON file never loads it. */
export interface YamlParser {
  loadAll: (text: string, options?: { maxAliases?: number; maxDepth?: number }) => unknown[];
  YAMLException: new (...args: never[]) => Error & { reason: string; mark?: { line: number } | null };
}

/** Whether the text is JSON (what `kubectl get -o json` prints) rather than YAML. */
export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/** The value of a JSON text, checked for depth. */
export function parseJson(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(jsonError(err instanceof Error ? err.message : String(err), source));
  }
  checkDepth(value, source);
  return value;
}

/**
 * The documents of a YAML text (empty ones are null). What blockYaml reads has no alias and is
 * bounded in depth; anything else is js-yaml's, checked for depth and aliasing.
 */
export function parseYaml(yaml: YamlParser, text: string, source: string): unknown[] {
  return blockYaml(text) ?? parseWithJsYaml(yaml, text, source);
}

/**
 * parseYaml, loading js-yaml only for the YAML blockYaml leaves to it (anchors, tags, tabs and the
 * like, not what kubectl prints): loading and running js-yaml cold was the largest single cost of
 * `explain -f` on kubectl's output.
 */
export async function parseYamlLoadingParser(text: string, source: string): Promise<unknown[]> {
  return blockYaml(text) ?? parseWithJsYaml(await import('js-yaml'), text, source);
}

/** The documents of a YAML text, read by js-yaml, each checked for depth and aliasing. */
function parseWithJsYaml(yaml: YamlParser, text: string, source: string): unknown[] {
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, { maxAliases: MAX_ALIASES, maxDepth: MAX_DEPTH });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    const line = err.mark ? `:${err.mark.line + 1}` : '';
    throw new InputError(`${source}${line}: ${yamlReason(err.reason)}`);
  }
  // Without an anchor (`&`) there is no alias, and js-yaml has already bounded the depth.
  const mayAlias = text.includes('&');
  documents.forEach((doc, i) => {
    if (mayAlias) checkAliasing(doc, documents.length > 1 ? `${source}: document ${i + 1}` : source);
  });
  return documents;
}

/** V8's reason without the part of the text it quotes, and the line it gives. */
function jsonError(message: string, source: string): string {
  const at = /\(line (\d+) column (\d+)\)/.exec(message);
  const where = at ? `${source}:${at[1]}` : source;
  // `Unexpected token 'x', "...text..." is not valid JSON` quotes the file: keep the first words only.
  const reason = message.replace(/ in JSON at position.*$/, '').replace(/^(Unexpected token) .*$/, '$1');
  return `${where}: invalid JSON: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/** js-yaml's reason, with the tag, anchor or alias names it quotes from the file left out. */
function yamlReason(reason: string): string {
  if (reason.startsWith('aliases exceeded maxAliases')) return `excessive aliasing: more than ${MAX_ALIASES} aliases in one document (kubectl refuses such files too)`;
  if (reason.startsWith('nesting exceeded maxDepth')) return `nested more than ${MAX_DEPTH} levels deep (no Kubernetes object is)`;
  const unquoted = reason
    .replace(/"[^"]*"/g, '"..."')
    .replace(/!<[^>]*>/g, '!<...>')
    .replace(/(such characters): .*$/, '$1');
  return `invalid YAML: ${unquoted}`;
}

/** Refuses a value nested deeper than MAX_DEPTH, with a loop rather than recursion. */
function checkDepth(root: unknown, source: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.value === null || typeof top.value !== 'object') continue;
    if (top.depth > MAX_DEPTH) throw new InputError(`${source}: nested more than ${MAX_DEPTH} levels deep (no Kubernetes object is)`);
    for (const child of Object.values(top.value)) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: top.depth + 1 });
  }
}

interface Measure {
  /** Nodes once every alias is expanded. */
  nodes: number;
  /** Levels once every alias is expanded. */
  depth: number;
}

/**
 * Measures a document as if every alias were expanded, visiting each shared node once (post-order,
 * with an explicit stack): its expanded node count and depth. Written nodes are counted once; what
 * aliases add beyond them is bounded, and so is the expanded depth.
 */
function checkAliasing(root: unknown, where: string): void {
  if (root === null || typeof root !== 'object') return;
  const measured = new Map<object, Measure>();
  const onPath = new Set<object>();
  let written = 0;
  const frames: { node: object; children: unknown[]; next: number; nodes: number; depth: number }[] = [];
  const enter = (node: object) => {
    onPath.add(node);
    frames.push({ node, children: Object.values(node), next: 0, nodes: 1, depth: 1 });
    written++;
  };
  enter(root);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as (typeof frames)[number];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (child === null || typeof child !== 'object') {
        frame.nodes++;
        written++;
        continue;
      }
      if (onPath.has(child)) throw new InputError(`${where}: an alias refers to a node that contains it (a recursive alias)`);
      const known = measured.get(child);
      if (known === undefined) {
        enter(child);
        continue;
      }
      frame.nodes += known.nodes;
      frame.depth = Math.max(frame.depth, known.depth + 1);
      continue;
    }
    frames.pop();
    onPath.delete(frame.node);
    measured.set(frame.node, { nodes: frame.nodes, depth: frame.depth });
    if (frame.depth > MAX_DEPTH) throw new InputError(`${where}: aliases nest it more than ${MAX_DEPTH} levels deep (no Kubernetes object is)`);
    if (frame.nodes - written > MAX_ALIAS_NODES) {
      throw new InputError(`${where}: excessive aliasing: its aliases expand to more than ${MAX_ALIAS_NODES} nodes (kubectl refuses such files too)`);
    }
    const parent = frames[frames.length - 1];
    if (parent !== undefined) {
      parent.nodes += frame.nodes;
      parent.depth = Math.max(parent.depth, frame.depth + 1);
    }
  }
}

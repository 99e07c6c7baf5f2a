/**
 * Reads Kubernetes objects from the text of a `-f` file: JSON or YAML, one object, a `List`
 * (what `kubectl get a,b,c -o json` prints), or several YAML documents. Pure: the caller reads
 * the file. Errors name the file and line, as kubectl's own `-f` errors do.
 */
import { InputError } from '../failures.ts';
import type { KubeObject } from '../kubernetes/objects.ts';

/** js-yaml's parser, passed in so JSON input never loads it. */
export interface YamlParser {
  loadAll: (text: string) => unknown[];
  YAMLException: new (...args: never[]) => Error & { reason: string; mark?: { line: number } };
}

/** Parses a file's text, loading js-yaml only when the text is not JSON. */
export async function parseObjects(text: string, source: string): Promise<KubeObject[]> {
  if (looksLikeJson(text)) return parseObjectsWith(null, text, source);
  return parseObjectsWith(await import('js-yaml'), text, source);
}

export function parseObjectsWith(yaml: YamlParser | null, text: string, source: string): KubeObject[] {
  const documents = looksLikeJson(text) || !yaml ? [parseJson(text, source)] : parseYaml(yaml, text, source);
  const objects: KubeObject[] = [];
  documents.forEach((doc, index) => {
    if (doc === null || doc === undefined) return; // an empty YAML document ("---" at the end)
    collect(doc, `${source}: document ${index + 1}`, objects);
  });
  return objects;
}

function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineOf(text, Number(position[1])) : null;
    const where = line === null ? source : `${source}:${line}`;
    throw new InputError(`${where}: invalid JSON: ${message.replace(/ in JSON at position.*$/, '')}`);
  }
}

function parseYaml(yaml: YamlParser, text: string, source: string): unknown[] {
  try {
    return yaml.loadAll(text);
  } catch (err) {
    if (err instanceof yaml.YAMLException) {
      const line = err.mark ? err.mark.line + 1 : null;
      throw new InputError(`${line === null ? source : `${source}:${line}`}: invalid YAML: ${err.reason}`);
    }
    throw err;
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Flattens Lists (kind: List, or any *List kind with items) and rejects what is not an object. */
function collect(doc: unknown, where: string, into: KubeObject[]): void {
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => collect(item, `${where}, item ${i + 1}`, into));
    return;
  }
  if (typeof doc !== 'object' || doc === null) {
    throw new InputError(`${where}: not a Kubernetes object (expected a mapping with apiVersion and kind)`);
  }
  const obj = doc as KubeObject;
  if (Array.isArray(obj.items) && (obj.kind === 'List' || (typeof obj.kind === 'string' && obj.kind.endsWith('List')))) {
    const itemKind = obj.kind === 'List' ? undefined : obj.kind.slice(0, -'List'.length);
    obj.items.forEach((item, i) => {
      // Typed lists from the API (PodList...) omit kind/apiVersion on their items.
      if (itemKind && typeof item === 'object' && item !== null && !(item as KubeObject).kind) (item as KubeObject).kind = itemKind;
      collect(item, `${where}, item ${i + 1}`, into);
    });
    return;
  }
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string' && !isTypedListItem(obj)) {
    throw new InputError(`${where}: not a Kubernetes object (no apiVersion/kind)`);
  }
  if (typeof obj.metadata?.name !== 'string') {
    throw new InputError(`${where}: ${obj.kind} has no metadata.name`);
  }
  into.push(obj);
}

function isTypedListItem(obj: KubeObject): boolean {
  return typeof obj.kind === 'string' && typeof obj.metadata === 'object';
}

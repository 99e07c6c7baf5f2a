/**
 * Reads Kubernetes objects from the text of a `-f` file: JSON or YAML, one object, a `List`
 * (what `kubectl get a,b,c -o json` prints), or several YAML documents. Pure: the caller reads
 * the file. Parsing is bounded (documents.ts) and every object of a kind that is read is checked
 * against the shape of the fields read (kubernetes/shapes.ts), so a malformed object is one line
 * naming the file, the object and the field, never a failure deep inside the explanation.
 */
import { InputError } from '../failures.ts';
import type { KubeObject } from '../kubernetes/objects.ts';
import { describe } from '../kubernetes/shape.ts';
import { shapeProblem } from '../kubernetes/shapes.ts';
import { looksLikeJson, parseJson, parseYaml, parseYamlLoadingParser, type YamlParser } from './documents.ts';

export type { YamlParser } from './documents.ts';

/** Parses a file's text, loading js-yaml only where its YAML needs it (documents.ts). */
export async function parseObjects(text: string, source: string): Promise<KubeObject[]> {
  if (looksLikeJson(text)) return objectsOf([parseJson(text, source)], source);
  return objectsOf(await parseYamlLoadingParser(text, source), source);
}

export function parseObjectsWith(yaml: YamlParser | null, text: string, source: string): KubeObject[] {
  return objectsOf(looksLikeJson(text) || !yaml ? [parseJson(text, source)] : parseYaml(yaml, text, source), source);
}

function objectsOf(documents: unknown[], source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  documents.forEach((doc, index) => {
    if (doc === null || doc === undefined) return; // an empty YAML document ("---" at the end)
    collect(doc, documents.length > 1 ? `${source}: document ${index + 1}` : source, objects);
  });
  return objects;
}

/** Flattens Lists (kind: List, or any *List kind with items) and rejects what is not an object. */
function collect(doc: unknown, where: string, into: KubeObject[]): void {
  if (Array.isArray(doc)) {
    doc.forEach((item, i) => collect(item, `${where}, item ${i + 1}`, into));
    return;
  }
  if (typeof doc !== 'object' || doc === null) {
    throw new InputError(`${where}: ${describe(doc)} is not a Kubernetes object (expected a mapping with apiVersion and kind)`);
  }
  const obj = doc as KubeObject;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && (obj.kind === 'List' || 'items' in obj)) {
    collectList(obj, obj.kind, where, into);
    return;
  }
  if (typeof obj.kind !== 'string' || (typeof obj.apiVersion !== 'string' && !isTypedListItem(obj))) {
    throw new InputError(`${where}: not a Kubernetes object (no apiVersion/kind)`);
  }
  checkShape(obj, obj.kind, where);
  into.push(obj);
}

function collectList(list: KubeObject, kind: string, where: string, into: KubeObject[]): void {
  const items = list.items;
  if (items === undefined || items === null) return; // `kubectl get` of nothing prints `items: []`; null is as empty
  if (!Array.isArray(items)) throw new InputError(`${where}: ${kind}: items is ${describe(items)}, not a list`);
  // Typed lists from the API (PodList...) omit kind/apiVersion on their items.
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  items.forEach((item, i) => {
    if (itemKind && typeof item === 'object' && item !== null && !Array.isArray(item) && !(item as KubeObject).kind) (item as KubeObject).kind = itemKind;
    collect(item, `${where}, item ${i + 1}`, into);
  });
}

/** `FILE, item 3: EndpointSlice default/web-x: endpoints is a mapping, not a list`. */
function checkShape(obj: KubeObject, kind: string, where: string): void {
  if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) {
    throw new InputError(`${where}: ${kind}: metadata is ${obj.metadata === undefined ? 'missing' : `${describe(obj.metadata)}, not a mapping`}`);
  }
  if (typeof obj.metadata.name !== 'string') {
    throw new InputError(`${where}: ${kind} has no metadata.name${obj.metadata.name === undefined ? '' : ` (it is ${describe(obj.metadata.name)})`}`);
  }
  const problem = shapeProblem(obj, kind);
  if (problem === null) return;
  const namespace = typeof obj.metadata.namespace === 'string' ? `${obj.metadata.namespace}/` : '';
  throw new InputError(`${where}: ${kind} ${namespace}${obj.metadata.name}: ${problem.path} ${problem.problem}`);
}

function isTypedListItem(obj: KubeObject): boolean {
  return typeof obj.kind === 'string' && typeof obj.metadata === 'object';
}

/**
 * JSON and YAML output: the same document, so scripts can switch freely between them. js-yaml is
 * loaded only for YAML, to keep it off the start-up path of everything else. Every document says
 * what it is (apiVersion and kind, src/schema.ts).
 *
 * Strings stay exact. JSON.stringify escapes C0 controls but writes DEL, C1 controls (U+009B is
 * an 8-bit CSI) and bidi overrides as they are; they are written as `\uXXXX` escapes too, which
 * parse back to the same strings, so `-o json` on a terminal is as safe as the table. js-yaml
 * escapes C0 and C1 controls in double-quoted scalars itself.
 */
import { API_VERSION } from '../schema.ts';

export type DocumentFormat = 'json' | 'yaml';

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export async function renderDocument(document: unknown, format: DocumentFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(document, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
  const { dump } = await import('js-yaml');
  return dump(document, { noRefs: true, lineWidth: -1, sortKeys: false });
}

export type Versioned<K extends string, T> = { apiVersion: typeof API_VERSION; kind: K } & T;

/** `body` with apiVersion and kind first, as Kubernetes objects print. */
export function versioned<K extends string, T extends object>(kind: K, body: T): Versioned<K, T> {
  return { apiVersion: API_VERSION, kind, ...body };
}

export interface KubeList<T> {
  apiVersion: 'v1';
  kind: 'List';
  metadata: { resourceVersion: string };
  items: T[];
}

/** What `kubectl get -o json` prints for several objects. */
export function listOf<T>(items: T[]): KubeList<T> {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
}

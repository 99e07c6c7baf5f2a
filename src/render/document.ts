/** JSON and YAML output: the same document, so scripts can switch freely between them. */
import { dump } from 'js-yaml';

export type DocumentFormat = 'json' | 'yaml';

export function renderDocument(document: unknown, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return dump(document, { noRefs: true, lineWidth: -1, sortKeys: false });
}

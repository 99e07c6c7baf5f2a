/**
 * JSON and YAML output: the same document, so scripts can switch freely between them. js-yaml is
 * loaded only for YAML, to keep it off the start-up path of everything else.
 */

export type DocumentFormat = 'json' | 'yaml';

export async function renderDocument(document: unknown, format: DocumentFormat): Promise<string> {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  const { dump } = await import('js-yaml');
  return dump(document, { noRefs: true, lineWidth: -1, sortKeys: false });
}

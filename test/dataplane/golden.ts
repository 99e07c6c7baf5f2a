/**
 * Golden dump folders for the dataplane decoders: each `NAME.txt` (or `NAME.json`) decodes to
 * `NAME.expected.json`, a document a person can review: NodeRules with shares rounded to six
 * decimals. UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import type { EndpointShare, NodeRules } from '../../src/dataplane/types.ts';

export type Decode = (text: string, name: string) => NodeRules;

const update = process.env.UPDATE_GOLDEN === '1';

/** The dump files of a fixture folder, without the expected files. */
export function dumpNames(folder: URL): string[] {
  return readdirSync(folder)
    .filter((file) => (file.endsWith('.txt') || file.endsWith('.json')) && !file.endsWith('.expected.json'))
    .sort();
}

export function readDump(folder: URL, file: string): string {
  return readFileSync(new URL(file, folder), 'utf8');
}

/** One golden test per dump of `folder`. */
export function goldenTests(folder: URL, decode: Decode): void {
  for (const file of dumpNames(folder)) {
    const name = file.replace(/\.(txt|json)$/, '');
    test(`golden dump ${file} decodes to ${name}.expected.json`, () => {
      const actual = reviewable(decode(readDump(folder, file), name));
      const expectedFile = new URL(`${name}.expected.json`, folder);
      if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
}

/** NodeRules with shares rounded to six decimals, as JSON would print it. */
export function reviewable(rules: NodeRules): unknown {
  const round = (list: EndpointShare[] | null) =>
    list === null ? null : list.map((endpoint) => ({ ...endpoint, share: endpoint.share === null ? null : Math.round(endpoint.share * 1e6) / 1e6 }));
  return JSON.parse(
    JSON.stringify({
      ...rules,
      services: rules.services.map((entry) => ({ ...entry, endpoints: round(entry.endpoints), localEndpoints: round(entry.localEndpoints) })),
    }),
  );
}

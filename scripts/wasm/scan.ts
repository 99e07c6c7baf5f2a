/**
 * `npm run wasm`: assembles src/dataplane/scan.wat with wabt (WebAssembly's own text-format
 * tools, built for JS) and writes its bytes into src/dataplane/scanWasm.ts, so that the program
 * carries them without a build step and without wabt. test/dataplane/scanWasm.test.ts assembles
 * the text again and compares, so the bytes cannot drift from the text a person reviews.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const SCAN_WAT = fileURLToPath(new URL('../../src/dataplane/scan.wat', import.meta.url));
const SCAN_WASM_TS = fileURLToPath(new URL('../../src/dataplane/scanWasm.ts', import.meta.url));

/** The module's bytes, assembled from its text. */
export async function assembleScan(): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('scan.wat', readFileSync(SCAN_WAT, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** src/dataplane/scanWasm.ts for these bytes. */
export function scanWasmSource(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,96}/g) ?? [];
  return [
    '// Written by `npm run wasm` (scripts/wasm/scan.ts) from scan.wat, which says what it does; do not edit.',
    `/** The ${bytes.length} bytes of the WebAssembly module of scan.wat, in base64. */`,
    'export const SCAN_WASM_BASE64 =',
    lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n'),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await assembleScan();
  writeFileSync(SCAN_WASM_TS, scanWasmSource(bytes));
  process.stdout.write(`src/dataplane/scanWasm.ts: ${bytes.length} bytes\n`);
}

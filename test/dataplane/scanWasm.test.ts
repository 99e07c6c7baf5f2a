/**
 * The vector search's bytes (src/dataplane/scanWasm.ts) are scan.wat as wabt assembles it: the
 * text a person reviews is what runs. After editing scan.wat, `npm run wasm` writes them anew.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { it } from 'node:test';
import { SCAN_WASM_BASE64 } from '../../src/dataplane/scanWasm.ts';
import { assembleScan, scanWasmSource } from '../../scripts/wasm/scan.ts';

it('scanWasm.ts holds scan.wat, assembled', async () => {
  const bytes = await assembleScan();
  assert.equal(SCAN_WASM_BASE64, Buffer.from(bytes).toString('base64'), 'run `npm run wasm` after editing src/dataplane/scan.wat');
  assert.ok(scanWasmSource(bytes).includes(SCAN_WASM_BASE64.slice(0, 96)));
});

/**
 * The executables carry `dist/`'s chunks without white space (scripts/release/chunks.ts). The code
 * must stay the same, down to what V8 compiles when: our functions are written as parenthesized
 * function expressions so that V8 compiles them with their module (eagerOwnFunctions), and the
 * minified chunks must keep those parentheses, or every function would be compiled again on its
 * first call in every process.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAst } from 'rollup/parseAst';
import { minifiedChunk, writeMinifiedChunks } from '../../scripts/release/chunks.ts';
import { importChunk, SAMPLE_CHUNK, withEagerFunctions } from '../cli/fixtures/chunk.ts';
import { root } from './build.ts';

/** Function expressions written in parentheses, as `var f = (function f() {...})`, in a chunk. */
function parenthesized(code: string): number {
  let count = 0;
  for (const node of parseAst(code).body) {
    if (node.type !== 'VariableDeclaration') continue;
    for (const declaration of node.declarations) {
      const init = declaration.init as { type: string; start: number } | null | undefined;
      if (init?.type === 'FunctionExpression' && code[init.start - 1] === '(') count++;
    }
  }
  return count;
}

/**
 * What a chunk links to: the modules it requests, in the order they are first requested (the order
 * they are evaluated in), and the names it exports. esbuild may write `export { a as b } from 'x'`
 * as an import and an export; the module is the same.
 */
function linkage(code: string): { requests: string[]; exports: string[] } {
  const requests: string[] = [];
  const exports: string[] = [];
  for (const node of parseAst(code).body) {
    const source = 'source' in node && node.source ? String(node.source.value) : undefined;
    if (source !== undefined && !requests.includes(source)) requests.push(source);
    if (node.type === 'ExportNamedDeclaration') {
      for (const specifier of node.specifiers) exports.push(specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value));
      if (node.declaration) exports.push(node.declaration.type);
    }
    if (node.type === 'ExportDefaultDeclaration') exports.push('default');
    if (node.type === 'ExportAllDeclaration') exports.push(`* from ${source}`);
  }
  return { requests, exports: exports.sort() };
}

// The sample chunk as the build leaves it: our functions parenthesized by eagerOwnFunctions.
const CHUNK = withEagerFunctions(SAMPLE_CHUNK);

describe('the chunks an executable carries: dist/ without white space, the same code', () => {
  it('keeps the parentheses that make V8 compile a function with its module, and drops the comments', () => {
    const out = minifiedChunk(CHUNK, 'chunk.mjs');
    assert.equal(parenthesized(CHUNK), 3);
    assert.equal(parenthesized(out), 3, out);
    assert.doesNotMatch(out, /\/\/ (src|node_modules)\//, "the region comments are gone");
    assert.ok(out.length < CHUNK.length * 0.8, out);
  });

  it('runs as the original does', async () => {
    const original = await importChunk(CHUNK);
    const minified = await importChunk(minifiedChunk(CHUNK, 'chunk.mjs'));
    assert.equal(minified.early, original.early);
    assert.equal(await minified.later(), await original.later());
    assert.equal(minified.fromPackage(), original.fromPackage());
  });

  it('writes each chunk of a folder minified into an emptied one, and anything else byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slices-chunks-'));
    try {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'a.mjs'), CHUNK);
      const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0xc3]);
      writeFileSync(join(dir, 'dist', 'b.wasm'), bytes);
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'stale.mjs'), 'left over by an earlier build');
      const out = writeMinifiedChunks(join(dir, 'dist'), join(dir, 'out'));
      assert.deepEqual(readdirSync(out).sort(), ['a.mjs', 'b.wasm']);
      assert.equal(readFileSync(join(out, 'a.mjs'), 'utf8'), minifiedChunk(CHUNK, 'a.mjs'));
      assert.deepEqual(readFileSync(join(out, 'b.wasm')), bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every chunk of the build keeps its parenthesized functions, what it imports and what it exports', () => {
    const dist = join(root, 'dist');
    let kept = 0;
    for (const file of readdirSync(dist).filter((name) => name.endsWith('.mjs'))) {
      const code = readFileSync(join(dist, file), 'utf8');
      const out = minifiedChunk(code, file);
      assert.equal(parenthesized(out), parenthesized(code), file);
      assert.deepEqual(linkage(out), linkage(code), `${file}: what it imports and exports`);
      kept += parenthesized(out);
    }
    assert.ok(kept > 300, `only ${kept} parenthesized functions in the build`);
  });
});

/**
 * The chunks a standalone executable carries: `dist/`'s, with the white space and comments taken
 * out (esbuild's minifyWhitespace). Start-up (issue 15): Node decodes each SEA asset into a string
 * V8 keeps on its heap, so every byte of a loaded chunk is copied and occupies memory the process
 * touches for the first time, and on the machine of the README's figures a first touch of a page
 * costs 11 to 15 µs. The nine modules `explain -f` loads go from 578 KiB to 444 KiB.
 *
 * White space only: names stay as they are (a function's `name`, readable stack frames), and
 * esbuild keeps the parentheses around a function expression, which is what makes V8 compile our
 * functions with their module (scripts/build-plugins.mjs, eagerOwnFunctions;
 * test/release/chunks.test.ts checks both). `dist/` itself stays as esbuild wrote it: the tests
 * read its `// src/...` region comments, and `bin/kubectl-slices` runs it.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

/** One chunk's source, without white space or comments; the code is the same. */
export function minifiedChunk(source: string, file: string): string {
  return transformSync(source, { loader: 'js', format: 'esm', minifyWhitespace: true, legalComments: 'none', sourcefile: file }).code;
}

/** Writes every chunk of `distDir`, minified, into `outDir` (emptied first); returns `outDir`. */
export function writeMinifiedChunks(distDir: string, outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(distDir)) {
    // Anything but a chunk (none today) goes in byte for byte.
    if (file.endsWith('.mjs')) writeFileSync(join(outDir, file), minifiedChunk(readFileSync(join(distDir, file), 'utf8'), file));
    else copyFileSync(join(distDir, file), join(outDir, file));
  }
  return outDir;
}

// Bundles src/main.ts into dist/ as ESM (ink and yoga use top-level await, so CJS cannot work).
// Code splitting keeps the heavy, lazily imported parts (client-node, ink) out of the start-up path.
//
// Two steps. esbuild bundles and splits: every dynamic import is a split point, and each set of
// split points that share code gets its own chunk, so the 30 lazy imports make about 75 chunks
// and `explain -f` loaded 61 of them. Each module costs Node's loader a resolve, two file reads
// (the chunk and its compile-cache entry) and a link, about half a millisecond. Rollup then
// merges every chunk under 50 KB into another where that changes no side effect of loading any
// entry (output.experimentalMinChunkSize): `explain -f` loads 9, `rules` 4 or 5 (the decoder of
// its dump's format is a chunk of its own, but for ipvsadm's, small enough to be merged into the
// command's), `version` 2, and each command still loads none of the heavy packages it did not
// load before (test/cli/startup.test.ts).
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { rollup } from 'rollup';
import { builtinsWithoutFacades, eagerOwnFunctions, lazyChildProcess, liveCodeApart, noChunkCycles } from './build-plugins.mjs';
import { readEagerFunctions } from './eager-profile.mjs';

/** Chunks smaller than this are merged into others where loading stays the same (see above). */
const MIN_CHUNK_BYTES = 50_000;
// commander and other CommonJS packages call require() for node built-ins.
const REQUIRE = "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);";

// Build beside dist/ and swap it in, so a running `kubectl slices` never sees a half-written bundle.
const dist = new URL('../dist', import.meta.url);
const split = new URL(`../dist.${process.pid}.split`, import.meta.url);
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
rmSync(split, { recursive: true, force: true });
rmSync(staging, { recursive: true, force: true });

try {
  await build({
    entryPoints: { 'kubectl-slices': 'src/main.ts' },
    outdir: split.pathname,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    jsx: 'automatic',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // ink imports its devtools integration only when DEV=true; it is an optional peer we do not ship.
    alias: { 'react-devtools-core': './scripts/react-devtools-stub.mjs' },
    plugins: [builtinsWithoutFacades, lazyChildProcess],
  });
  const builtins = new Set(builtinModules);
  const bundle = await rollup({
    input: new URL('kubectl-slices.mjs', `${split.href}/`).pathname,
    plugins: [liveCodeApart, eagerOwnFunctions(new Set(readEagerFunctions())), noChunkCycles],
    external: (id) => id.startsWith('node:') || builtins.has(id),
    // esbuild's output is already one module graph, and its cycles (ink's, client-node's) are its
    // own; the merge reports its chunk counts as information.
    onLog: (level, log, handler) => (level === 'info' || log.code === 'CIRCULAR_DEPENDENCY' ? undefined : handler(level, log)),
  });
  await bundle.write({
    dir: staging.pathname,
    format: 'es',
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
    experimentalMinChunkSize: MIN_CHUNK_BYTES,
    // Each chunk declares the require() it may call; esbuild's chunks leave it free.
    banner: REQUIRE,
  });
  await bundle.close();
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
} finally {
  rmSync(split, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
}

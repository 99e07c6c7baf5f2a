// Bundles src/main.ts into dist/ as ESM (ink and yoga use top-level await, so CJS cannot work).
// Code splitting keeps the heavy, lazily imported parts (client-node, ink) out of the start-up path.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { builtinsWithoutFacades, lazyChildProcess } from './build-plugins.mjs';

// Build beside dist/ and swap it in, so a running `kubectl slices` never sees a half-written bundle.
const dist = new URL('../dist', import.meta.url);
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
rmSync(staging, { recursive: true, force: true });

await build({
  entryPoints: { 'kubectl-slices': 'src/main.ts' },
  outdir: staging.pathname,
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
  // commander and other CommonJS packages call require() for node built-ins.
  banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
});
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);

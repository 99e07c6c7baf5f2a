/**
 * Entry point of the standalone executables (Node single executable applications, built by
 * `npm run release`). The executable carries the same code-split ESM bundle as `dist/` (without
 * white space: scripts/release/chunks.ts), one SEA asset per chunk, so a command still loads only
 * the chunks it needs (no ink for `explain`, no client for `-f`).
 *
 * An ESM SEA main may import built-in modules only (Node's embedder loader,
 * lib/internal/modules/esm/utils.js importModuleDynamicallyForEmbedder), so this file registers
 * synchronous module hooks that serve the chunks from the assets under a virtual file: URL and
 * enters the bundle through require(esm) of a one-line trampoline. Modules loaded that way get
 * the regular loader, whose import() goes through the same hooks.
 */
import { TRAMPOLINE } from './assets.ts';

// process.getBuiltinModule rather than `import`: an ESM import of a built-in builds its ESM
// facade, which reads every export and so loads what each lazy getter hides (start-up).
const { createRequire, registerHooks } = process.getBuiltinModule('node:module');
const { getAsset } = process.getBuiltinModule('node:sea');
const { pathToFileURL } = process.getBuiltinModule('node:url');

// Where the chunks appear to live: a folder beside the executable that never exists on disk (the
// hooks answer for it). Derived from the executable's own path so it is a valid file: URL on every
// OS; a fixed `file:///...` one has no drive letter and fails fileURLToPath on Windows.
const BUNDLE_ROOT = `${pathToFileURL(process.execPath).href}.bundle/`;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith(BUNDLE_ROOT)) return { url: specifier, format: 'module', shortCircuit: true };
    if (context.parentURL?.startsWith(BUNDLE_ROOT) && specifier.startsWith('./')) {
      return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith(BUNDLE_ROOT)) return nextLoad(url, context);
    return { format: 'module', source: getAsset(url.slice(BUNDLE_ROOT.length), 'utf8'), shortCircuit: true };
  },
});

const enter = createRequire(BUNDLE_ROOT)(BUNDLE_ROOT + TRAMPOLINE) as { start(): Promise<unknown> };
await enter.start();

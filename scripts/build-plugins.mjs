// esbuild plugins that keep Node built-ins off the start-up path of the bundle. Every command
// pays for what the bundle's first chunks import before it reads a byte; for `rules --service`
// on a large dump that start-up is about as long as the decoding (npm run bench).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * An ESM `import` of a CommonJS built-in makes Node build a module facade that reads every export
 * once (lib/internal/bootstrap/realm.js, syncExports): for node:process that means every lazy
 * getter (stdin, stdout, report, ...), for node:util its lazily loaded classes, for node:fs its
 * `promises`. Those facades cost about as much as the rest of commander's loading; node:fs,
 * node:path, node:buffer and node:events are taken the same way, and so is the banner's node:module
 * (about 5 ms less CPU per start, by process.cpuUsage at exit). The built-in itself is already loaded,
 * so the bundle takes it from `process.getBuiltinModule` instead, and each named export it uses is
 * read once (the unused ones are tree-shaken: each read is a pure call).
 */
const WITHOUT_FACADE = new Set(['node:process', 'node:util', 'node:fs', 'node:fs/promises', 'node:path', 'node:buffer', 'node:events']);

export const builtinsWithoutFacades = {
  name: 'builtins-without-facades',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement' && WITHOUT_FACADE.has(args.path) ? { path: args.path, namespace: 'builtin-without-facade' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-without-facade' }, (args) => {
      const names = Object.keys(require(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const exports = names.map((name) => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`);
      return { contents: [`const builtin = process.getBuiltinModule(${JSON.stringify(args.path)});`, 'export default builtin;', ...exports].join('\n'), loader: 'js' };
    });
  },
};

/**
 * commander imports node:child_process (and with it node:net and the stream stack) only to run
 * executable subcommands, which kubectl-slices has none of. It gets a stand-in that loads the
 * module on its first spawn.
 */
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "export default { spawn: (...args) => process.getBuiltinModule('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

/**
 * The modules of a chunk as esbuild writes it: each starts at a `// src/...`, `// node_modules/...`
 * or `// scripts/...` comment (unminified output). `ownAt(position)`: whether that position is in
 * one of our own modules (`src/`).
 */
export function moduleRegions(code) {
  const regions = [...code.matchAll(/^\/\/ ((?:src|node_modules|scripts)\/\S*)$/gm)].map((m) => ({ at: m.index, path: m[1] }));
  const ownAt = (position) => regions.findLast((region) => region.at < position)?.path.startsWith('src/') ?? false;
  return { paths: regions.map((region) => region.path), ownAt };
}

/**
 * V8 compiles a function the first time it is called, and Node's compile cache keeps the code
 * cache V8 makes right after a module is compiled (Node's src/compile_cache.cc, MaybeSave), before
 * anything runs: the bytecode of the module's top level only. Every function a command calls was
 * therefore parsed and compiled again in every process, a large part of an offline `explain`
 * (issue 15: the explanation itself went from 9-11 ms to 3-5 ms once compiled with its module). V8 compiles a parenthesized function expression together with the script
 * around it (its "PIFE" heuristic), so this rollup plugin turns each top-level function
 * declaration of our own modules (esbuild's `// src/...` region of the chunk; packages keep
 * theirs) into `var name = (function name() {...});`, and puts those first in the chunk. A
 * declaration's binding is set before any statement of its module runs; these are set before any
 * other statement too, which is the same unless another module calls the function while this one
 * is still being loaded, that is, unless chunks import each other in a cycle, which
 * `noChunkCycles` below refuses. Only the functions `names` lists are rewritten
 * (scripts/eager-functions.txt, the ones the commands whose start-up matters call: a function
 * compiled with its module is read back from the cache by every command that loads the module,
 * called or not; scripts/eager-profile.mjs says what that cost); the others stay declarations,
 * compiled by V8 when first called.
 */
export const eagerOwnFunctions = (names) => ({
  name: 'eager-own-functions',
  renderChunk(code) {
    const ast = this.parse(code);
    const { ownAt } = moduleRegions(code);
    const functions = ast.body.filter((node) => node.type === 'FunctionDeclaration' && ownAt(node.start) && names.has(node.id.name));
    if (functions.length === 0) return null;
    const afterImports = ast.body.filter((node) => node.type === 'ImportDeclaration').reduce((end, node) => Math.max(end, node.end), 0);
    let rest = '';
    let from = afterImports;
    for (const fn of functions) {
      rest += code.slice(from, fn.start);
      from = fn.end;
    }
    rest += code.slice(from);
    const eager = functions.map((fn) => `var ${fn.id.name} = (${code.slice(fn.start, fn.end)});`).join('\n');
    return { code: `${code.slice(0, afterImports)}\n${eager}\n${rest}`, map: null };
  },
});

/** Fails the build when chunks import each other in a cycle (see eagerOwnFunctions). */
export const noChunkCycles = {
  name: 'no-chunk-cycles',
  generateBundle(_options, bundle) {
    const imports = new Map(Object.values(bundle).filter((file) => file.type === 'chunk').map((chunk) => [chunk.fileName, chunk.imports]));
    const state = new Map();
    const visit = (name, path) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'open') throw new Error(`chunks import each other in a cycle: ${[...path, name].join(' -> ')}`);
      state.set(name, 'open');
      for (const next of imports.get(name) ?? []) visit(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of imports.keys()) visit(name, []);
  },
};

/**
 * The modules of `src/sources/cluster/` that offline commands load: `bundle.ts` and
 * `dataplaneRecords.ts`, which read a bundle (`src/sources/files.ts`), and `paths.ts`, the API's
 * REST paths (under 2 KB), left in the first chunk every command loads: kept apart too, Rollup's
 * merge came out with `explain -f` loading 10 modules instead of 7.
 */
export const OFFLINE_LOADED_CLUSTER_MODULES = ['src/sources/cluster/bundle.ts', 'src/sources/cluster/dataplaneRecords.ts', 'src/sources/cluster/paths.ts'];

/**
 * Keeps the code that reads a live cluster out of the chunks offline commands load. Rollup merges
 * a chunk under the merge size into another when that adds no side effect to any entry, and it
 * had merged `route.ts` and `start.ts` (lazily imported by `explain` for a live start) into
 * `explain`'s own chunk, and `kubernetes/shapes.ts` into the live snapshot's: `explain -f` loaded
 * the cluster's snapshot code, which it never runs (1.5 ms of loading). A chunk of esbuild's made
 * only of live-cluster modules (of ours) is declared to have side effects, so Rollup merges it only with
 * chunks loaded exactly when it is (its chunkAssignment.ts, getAdditionalSizeAfterMerge); its code
 * is unchanged. test/cli/startup.test.ts checks that offline commands load no live-cluster module.
 */
export const liveCodeApart = {
  name: 'live-code-apart',
  transform(code) {
    // Every module of the chunk, packages too: a chunk that carries a package is left as it is
    // (declared effectful, a package's code would no longer be tree-shaken).
    const modules = moduleRegions(code).paths;
    const live = modules.length > 0 && modules.every((path) => path.startsWith('src/sources/cluster/') && !OFFLINE_LOADED_CLUSTER_MODULES.includes(path));
    return live ? { code, map: null, moduleSideEffects: 'no-treeshake' } : null;
  },
};

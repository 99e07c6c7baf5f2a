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

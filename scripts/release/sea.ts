/**
 * Builds one standalone executable: Node's own `--build-sea` injects a blob holding our entry
 * point and every chunk of `dist/` (as SEA assets, without white space: chunks.ts) into a copy of
 * the platform's official `node` binary. Node's injector (LIEF) writes ELF, Mach-O and PE alike,
 * so every platform is built on this one machine.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { TRAMPOLINE, TRAMPOLINE_SOURCE } from '../../src/standalone/assets.ts';
import { fileURLToPath } from 'node:url';
import { writeMinifiedChunks } from './chunks.ts';
import { NODE_VERSION, type Platform } from './platforms.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

export interface SeaInput {
  platform: Platform;
  /** The platform's official node binary (stripped on Linux, strip.ts), which becomes the executable. */
  nodeBinary: string;
  /** The code-split ESM bundle (`npm run build` output); the SEA config names the chunks in it. */
  distDir: string;
  workDir: string;
  output: string;
}

export async function buildExecutable(input: SeaInput): Promise<void> {
  if (process.versions.node !== NODE_VERSION) {
    // node_sea.cc refuses a blob from another Node version at start-up; fail here instead.
    throw new Error(`release must run on Node ${NODE_VERSION} (this is ${process.versions.node}); use npm run release`);
  }
  const main = join(input.workDir, 'standalone.mjs');
  await build({
    entryPoints: ['src/standalone/main.ts'],
    absWorkingDir: projectDir,
    outfile: main,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node26',
    logLevel: 'warning',
  });
  // The executable carries the chunks minified (chunks.ts); the config names that copy.
  const distDir = writeMinifiedChunks(input.distDir, join(input.workDir, 'chunks'));
  const trampoline = join(input.workDir, TRAMPOLINE);
  writeFileSync(trampoline, TRAMPOLINE_SOURCE);
  const config = join(input.workDir, 'sea-config.json');
  writeFileSync(config, JSON.stringify(seaConfig({ ...input, distDir }), null, 2));
  // Run from the work folder with relative names: the blob records the main script's path as
  // given, and a path that depends on the output folder would make two builds differ.
  execFileSync(process.execPath, ['--build-sea', 'sea-config.json'], { cwd: input.workDir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The Node flags the executable starts with, as bin/kubectl-slices starts the bundle: a young
 * generation with room for 4 MiB instead of V8's 1 MiB, so that an offline command runs no
 * scavenge while its code loads (1 to 4 ms each; test/cli/heap.test.ts).
 */
export const NODE_FLAGS = ['--min-semi-space-size=4'] as const;

export function seaConfig(input: SeaInput): object {
  const assets: Record<string, string> = { [TRAMPOLINE]: TRAMPOLINE };
  for (const chunk of readdirSync(input.distDir)) assets[chunk] = resolve(input.distDir, chunk);
  return {
    main: 'standalone.mjs',
    mainFormat: 'module',
    executable: resolve(input.nodeBinary),
    output: resolve(input.output),
    disableExperimentalSEAWarning: true,
    // No V8 code cache: it would cover only this small entry point (the chunks are compiled when
    // loaded, and cached on disk by module.enableCompileCache in src/main.ts), it is valid only on
    // the CPU that built it, and its bytes differ from build to build, which would make the
    // archives' sha256 unreproducible.
    useCodeCache: false,
    useSnapshot: false,
    // Users' NODE_OPTIONS belong to their own Node programs, not to this one.
    execArgvExtension: 'none',
    execArgv: [...NODE_FLAGS],
    assets,
  };
}

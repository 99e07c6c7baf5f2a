/**
 * krew's file operations: how `files: [{from, to}]` carry an extracted archive into the plugin's
 * installation folder (kubernetes-sigs/krew `internal/installation/move.go`, with
 * `internal/pathutil/pathutil.go` `IsSubPath` as the guard against leaving either folder).
 */
import { chmod, cp, mkdir, mkdtemp, rename, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { goClean, goGlob, goJoin } from './glob.ts';
import type { FileOperation } from './manifest.ts';

/** `installation.applyDefaults`: without `files`, everything at the archive's top level is kept. */
export const DEFAULT_FILES: readonly FileOperation[] = [{ from: '*', to: '.' }];

interface Move {
  from: string;
  to: string;
}

/**
 * `moveToInstallDir`: applies the file operations, in order, from `extractedDir` into a fresh
 * temporary folder, then puts that folder at `installDir` (replacing what was there). The
 * operations move files, so two operations never take the same file.
 */
export async function applyFiles(extractedDir: string, installDir: string, files: readonly FileOperation[] | undefined): Promise<void> {
  await mkdir(dirname(installDir), { recursive: true, mode: 0o755 });
  const tmp = await mkdtemp(join(tmpdir(), 'krew-temp-move'));
  try {
    // mkdtemp makes a 0700 folder; it becomes the installation folder, which krew makes 0755.
    await chmod(tmp, 0o755);
    for (const [i, fo] of (files ?? DEFAULT_FILES).entries()) {
      const moves = await findMoveTargets(extractedDir, tmp, fo).catch((e: Error) => {
        throw new Error(`files[${i}]: ${e.message}`, { cause: e });
      });
      for (const m of moves) {
        await mkdir(dirname(m.to), { recursive: true, mode: 0o755 });
        await renameOrCopy(m.from, m.to);
      }
    }
    await renameOrCopy(tmp, installDir).catch(async (e: Error) => {
      await rmdir(installDir).catch(() => undefined);
      throw new Error(`could not rename/copy directory ${JSON.stringify(tmp)} to ${JSON.stringify(installDir)}: ${e.message}`, { cause: e });
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `findMoveTargets`: a `from` naming an existing path is one move; otherwise it is a glob. */
async function findMoveTargets(fromDir: string, toDir: string, fo: FileOperation): Promise<Move[]> {
  if (fo.to !== goClean(fo.to)) {
    throw new Error(`the provided path is not clean, ${JSON.stringify(fo.to)} should be ${JSON.stringify(goClean(fo.to))}`);
  }
  const from = resolve(fromDir);
  const direct = await getDirectMove(from, toDir, fo);
  if (direct) return [direct];
  // Go's Join keeps an absolute `to` or `from` inside the folder, unlike path.resolve.
  const newDir = resolve(goJoin(toDir, fo.to));
  const matches = goGlob(goJoin(from, fo.from));
  if (matches.length === 0) throw new Error(`no files in the plugin archive matched the glob pattern=${fo.from}`);
  return matches.map((match) => allowedMove(from, toDir, { from: match, to: join(newDir, basename(match)) }));
}

/** `getDirectMove`: `from` exists as named; `to: .` keeps its base name, any other `to` renames it. */
async function getDirectMove(fromDir: string, toDir: string, fo: FileOperation): Promise<Move | undefined> {
  const fromFilePath = goJoin(fromDir, fo.from);
  if (!(await stat(fromFilePath).catch(() => undefined))) return undefined;
  const to = goClean(fo.to) === '.' ? basename(fromFilePath) : fo.to;
  return allowedMove(fromDir, resolve(toDir), { from: fromFilePath, to: resolve(goJoin(toDir, to)) });
}

/** `isMoveAllowed`: both ends stay inside their folders. */
function allowedMove(fromBase: string, toBase: string, m: Move): Move {
  if (!isSubPath(fromBase, m.from) || !isSubPath(toBase, m.to)) {
    throw new Error(`can't move, move target ${JSON.stringify(m)} is out of bounds from=${JSON.stringify(fromBase)}, to=${JSON.stringify(toBase)}`);
  }
  return m;
}

/**
 * `pathutil.IsSubPath`: the relative path must not start with `..`. Kept as krew has it, so a
 * name such as `..foo` inside the folder is refused too.
 */
export function isSubPath(basePath: string, subPath: string): boolean {
  return !relative(basePath, subPath).startsWith('..');
}

/** `renameOrCopy`: a folder in the way is removed first; across devices, copy instead. */
async function renameOrCopy(from: string, to: string): Promise<void> {
  const existing = await stat(to).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing?.isDirectory()) await rm(to, { recursive: true, force: true });
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await cp(from, to, { recursive: true, preserveTimestamps: true });
  }
}

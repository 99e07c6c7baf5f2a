/**
 * One release: for each platform, the standalone executable, its archive and sha256; then the krew
 * manifest. Kept apart from the command line (main.ts) so tests can release one platform into a
 * temporary folder.
 */
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArchiveEntry, sha256, sizeOf, writeArchive } from './archive.ts';
import { signAdHoc } from './macho/codesign.ts';
import { archiveFileName, type ReleasedArchive } from './manifest.ts';
import { nodeBinary } from './nodebinary.ts';
import type { Platform } from './platforms.ts';
import { buildExecutable } from './sea.ts';
import { seaBaseBinary } from './strip.ts';

/** Archive timestamp when SOURCE_DATE_EPOCH is not set: one fixed date keeps archives reproducible. */
export const DEFAULT_RELEASE_TIME = new Date('2026-01-01T00:00:00Z');

export interface ReleaseInput {
  tag: string;
  platforms: readonly Platform[];
  /** The project checkout: dist/, LICENSE, bin/ and examples/ are read from it. */
  projectDir: string;
  outDir: string;
  cacheDir: string;
  mtime: Date;
}

export interface ReleasedPlatform extends ReleasedArchive {
  archivePath: string;
  archiveBytes: number;
  executableBytes: number;
}

export async function release(input: ReleaseInput): Promise<ReleasedPlatform[]> {
  mkdirSync(input.outDir, { recursive: true });
  const released: ReleasedPlatform[] = [];
  for (const platform of input.platforms) released.push(await releasePlatform(platform, input));
  return released;
}

async function releasePlatform(platform: Platform, input: ReleaseInput): Promise<ReleasedPlatform> {
  const work = join(input.outDir, `work-${platform.os}-${platform.arch}`);
  const stage = join(work, 'archive');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const executable = `kubectl-slices${platform.exe}`;
  await buildExecutable({
    platform,
    nodeBinary: seaBaseBinary(platform, await nodeBinary(platform, { cacheDir: input.cacheDir }), input.cacheDir),
    distDir: join(input.projectDir, 'dist'),
    workDir: work,
    output: join(stage, executable),
  });
  // --build-sea leaves macOS executables unsigned, which Apple silicon refuses to run.
  if (platform.os === 'darwin') signExecutable(join(stage, executable));
  const entries = stageSupportFiles(platform, input.projectDir, stage);
  entries.push({ path: executable, executable: true });
  const fileName = archiveFileName(input.tag, platform);
  const archivePath = join(input.outDir, fileName);
  await writeArchive({ format: platform.archive, root: stage, entries, mtime: input.mtime, output: archivePath });
  const result = {
    platform,
    fileName,
    archivePath,
    sha256: sha256(archivePath),
    archiveBytes: sizeOf(archivePath),
    executableBytes: sizeOf(join(stage, executable)),
  };
  rmSync(work, { recursive: true, force: true });
  return result;
}

function signExecutable(path: string): void {
  writeFileSync(path, signAdHoc(readFileSync(path), 'kubectl-slices', path));
}

/** LICENSE (krew-index requires it in the archive), the completer, and the example to try. */
function stageSupportFiles(platform: Platform, projectDir: string, stage: string): ArchiveEntry[] {
  const completer = platform.exe ? 'kubectl_complete-slices.cmd' : 'kubectl_complete-slices';
  copyFileSync(join(projectDir, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(projectDir, 'bin', completer), join(stage, completer));
  cpSync(join(projectDir, 'examples'), join(stage, 'examples'), { recursive: true });
  const entries: ArchiveEntry[] = [
    { path: 'LICENSE', executable: false },
    { path: completer, executable: !platform.exe },
  ];
  for (const example of readdirSync(join(stage, 'examples'), { recursive: true, withFileTypes: true })) {
    if (!example.isFile()) continue;
    const path = join(example.parentPath, example.name).slice(stage.length + 1).split('\\').join('/');
    entries.push({ path, executable: false });
  }
  return entries;
}

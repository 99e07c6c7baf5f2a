/**
 * Packs one platform's files into the archive krew downloads: `.tar.gz` everywhere but Windows,
 * `.zip` there (krew's installer accepts both: internal/download/downloader.go detects the type
 * from the content). Archives are reproducible: entries sorted, owner and group dropped, every
 * mtime set to the release's timestamp, modes fixed (0755 executables, 0644 the rest).
 */
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { c as tarCreate } from 'tar';

export interface ArchiveEntry {
  /** Path inside the archive, with `/` separators. */
  path: string;
  executable: boolean;
}

export interface ArchiveInput {
  format: 'tar.gz' | 'zip';
  /** Folder holding the entries at their archive paths. */
  root: string;
  entries: readonly ArchiveEntry[];
  mtime: Date;
  output: string;
}

export async function writeArchive(input: ArchiveInput): Promise<void> {
  const entries = [...input.entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const e of entries) chmodSync(join(input.root, e.path), e.executable ? 0o755 : 0o644);
  if (input.format === 'zip') writeZip(input, entries);
  else await writeTarGz(input, entries);
}

async function writeTarGz(input: ArchiveInput, entries: readonly ArchiveEntry[]): Promise<void> {
  await tarCreate(
    { gzip: { level: 9 }, portable: true, mtime: input.mtime, cwd: input.root, file: input.output, noDirRecurse: true },
    entries.map((e) => e.path),
  );
}

// Zip stores MS-DOS times, which start in 1980 (APPNOTE.TXT 4.4.6).
const ZIP_EPOCH = Date.UTC(1980, 0, 1, 12);

function writeZip(input: ArchiveInput, entries: readonly ArchiveEntry[]): void {
  const mtime = new Date(Math.max(input.mtime.getTime(), ZIP_EPOCH));
  const files: Zippable = {};
  for (const e of entries) {
    const data = readFileSync(join(input.root, e.path));
    // os 3 (Unix) with the mode in the high half of the external attributes, as Info-ZIP writes it,
    // so unzip on Linux or macOS keeps the executable bit.
    files[e.path] = [data, { level: 9, mtime, os: 3, attrs: ((e.executable ? 0o100755 : 0o100644) << 16) >>> 0 }];
  }
  writeFileSync(input.output, zipSync(files));
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function sizeOf(file: string): number {
  return statSync(file).size;
}

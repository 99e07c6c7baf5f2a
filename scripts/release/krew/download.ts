/**
 * krew's download step for a local archive (`kubectl krew install --archive`): verify the sha256,
 * sniff the format, refuse what krew's extractors refuse, then unpack (kubernetes-sigs/krew
 * `internal/download/verifier.go` and `downloader.go`).
 *
 * The unpacking itself is done by the system's `tar`, and by `unzip` or Python's `zipfile`. Those
 * tools are more permissive than krew (they strip `../`, restore symlinks and special files), so
 * the entries are first listed here, from the archive's own headers, and checked against krew's
 * rules; an archive krew would refuse is refused before any tool sees it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { tarEntries, zipEntries, type ArchiveEntry } from './archive.ts';

const execFileAsync = promisify(execFile);

/** How `.zip` archives are unpacked: `unzip` where installed, else `python3 -m zipfile -e`. */
export type ZipTool = 'unzip' | 'python3';

/** `sha256Verifier.Verify`: the archive's bytes must hash to the manifest's sha256. */
export function verifySha256(data: Buffer, sha256: string): void {
  // NewSha256Verifier hex-decodes the wanted sum, so its case does not matter here (validation
  // is what insists on lowercase).
  const want = Buffer.from(sha256, 'hex').toString('hex');
  const got = createHash('sha256').update(data).digest('hex');
  if (want !== got) throw new Error(`checksum does not match, want: ${want}, got ${got}`);
}

/** `detectMIMEType`: krew picks the extractor from the first bytes, never from the file name. */
export function archiveFormat(data: Buffer): 'tar.gz' | 'zip' {
  // net/http DetectContentType signatures: "\x1F\x8B\x08" is application/x-gzip, "PK\x03\x04"
  // application/zip; krew has an extractor for those two only.
  if (data.subarray(0, 3).equals(Buffer.from([0x1f, 0x8b, 0x08]))) return 'tar.gz';
  if (data.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'zip';
  throw new Error('archive is not a supported archive format (krew reads gzip-compressed tar and zip, by content)');
}

/** `extractArchive`: checks every entry as krew's extractor would, then unpacks into `destDir`. */
export async function extractArchive(data: Buffer, archivePath: string, destDir: string, zipTool?: ZipTool): Promise<void> {
  if (archiveFormat(data) === 'tar.gz') {
    checkTarEntries(tarEntries(gunzipSync(data)));
    // Files belong to whoever installs, as with krew's os.OpenFile, even when that is root.
    await run('tar', ['-xzf', archivePath, '-C', destDir, '--no-same-owner']);
    return;
  }
  const entries = zipEntries(data);
  checkZipEntries(entries);
  const tool = zipTool ?? (await defaultZipTool());
  if (tool === 'unzip') await run('unzip', ['-q', '-o', archivePath, '-d', destDir]);
  else await run('python3', ['-m', 'zipfile', '-e', archivePath, destDir]);
  // Python's zipfile drops permission bits; krew creates each file with the entry's mode.
  for (const entry of entries) await chmod(join(destDir, entry.name), entry.mode & 0o7777);
}

/** `unzip` if `command -v unzip` finds it, else Python's zipfile. */
export async function defaultZipTool(): Promise<ZipTool> {
  return execFileAsync('sh', ['-c', 'command -v unzip']).then(
    () => 'unzip' as const,
    () => 'python3' as const,
  );
}

/** Runs an unpacking tool; a failure is one line: the tool and the first line it printed. */
async function run(tool: string, args: string[]): Promise<void> {
  try {
    await execFileAsync(tool, args);
  } catch (e) {
    const { stderr, stdout, message } = e as { stderr?: string; stdout?: string; message: string };
    const said = [stderr, stdout, message].map((t) => t?.trim().split('\n')[0]).find((line) => line);
    throw new Error(`${tool} failed: ${said}`, { cause: e });
  }
}

/** `extractTARGZ`: a git `pax_global_header` is skipped; only folders and regular files are unpacked. */
function checkTarEntries(entries: readonly ArchiveEntry[]): void {
  for (const entry of entries) {
    if (entry.name === 'pax_global_header') continue;
    suspiciousPath(entry.name);
    if (entry.kind !== 'dir' && entry.kind !== 'file') {
      throw new Error(`unable to handle file type ${entry.typeflag} for ${JSON.stringify(entry.name)} in tar`);
    }
  }
}

/** `extractZIP` checks names only; it would write a symlink entry as a file holding its target. */
function checkZipEntries(entries: readonly ArchiveEntry[]): void {
  for (const entry of entries) {
    suspiciousPath(entry.name);
    // unzip would create a real symlink instead, so these are refused rather than mis-installed.
    if (entry.kind === 'other') throw new Error(`zip entry ${JSON.stringify(entry.name)} is not a file or folder`);
  }
}

/** `suspiciousPath`: no `..` anywhere in an entry name, and no absolute names. */
function suspiciousPath(path: string): void {
  if (path.includes('..')) throw new Error(`refusing to unpack archive with suspicious entry ${JSON.stringify(path)}`);
  if (path.startsWith('/') || path.startsWith('\\')) {
    throw new Error(`refusing to unpack archive with absolute entry ${JSON.stringify(path)}`);
  }
}

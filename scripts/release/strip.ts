/**
 * The Linux executables start from the official Node binary with its symbol table and DWARF
 * debug information removed (about 32 MB of the 150 MB: .symtab, .strtab, .debug_*). Nothing at
 * run time reads them: the dynamic linker and native addons use .dynsym, which stays. The binary
 * is stripped after its pinned sha256 is checked (nodebinary.ts) and before `--build-sea` injects
 * the blob.
 *
 * The tool is LLVM's `llvm-strip --strip-all` (Debian's llvm, which `.ci/run` installs): it reads
 * ELF for every architecture, so the arm64 binary is stripped on an amd64 machine too, where
 * Debian's GNU strip refuses it ("Unable to recognise the format"). Its output is deterministic,
 * and its sha256 is pinned per platform (`strippedSha256`), so a different strip fails the
 * release instead of silently changing the archives' sha256 sums.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './archive.ts';
import { debugSections, elfSectionNames } from './elf.ts';
import { NODE_VERSION, type Platform } from './platforms.ts';

/** Debian installs LLVM's tools with the version as a suffix, and the default one without. */
const STRIP_TOOLS = ['llvm-strip', 'llvm-strip-14', 'llvm-strip-15', 'llvm-strip-16'];

/**
 * The binary `--build-sea` should inject into: for a platform with `strippedSha256`, a stripped
 * copy of `official` kept in `cacheDir`; for the others, `official` itself.
 */
export function seaBaseBinary(platform: Platform, official: string, cacheDir: string): string {
  if (!platform.strippedSha256) return official;
  const dir = join(cacheDir, `${platform.npmPackage}-${NODE_VERSION}-stripped`);
  const stripped = join(dir, 'node');
  if (existsSync(stripped) && sha256(stripped) === platform.strippedSha256) return stripped;
  mkdirSync(dir, { recursive: true });
  const staging = `${stripped}.${process.pid}`;
  const tool = findStripTool();
  execFileSync(tool, ['--strip-all', '-o', staging, official], { stdio: ['ignore', 'ignore', 'pipe'] });
  checkStripped(staging, platform.strippedSha256, tool);
  renameSync(staging, stripped);
  return stripped;
}

function checkStripped(path: string, pinned: string, tool: string): void {
  const left = debugSections(elfSectionNames(path));
  const actual = sha256(path);
  if (left.length === 0 && actual === pinned) return;
  rmSync(path, { force: true });
  if (left.length > 0) throw new Error(`${tool} left ${left.join(', ')} in the Node binary`);
  throw new Error(`${tool} (${toolVersion(tool)}) gave a Node binary with sha256 ${actual}, not the pinned ${pinned}: the archives would not be reproducible`);
}

function findStripTool(): string {
  const tool = STRIP_TOOLS.find((t) => spawnSync(t, ['--version'], { stdio: 'ignore' }).status === 0);
  if (!tool) throw new Error(`no llvm-strip found (tried ${STRIP_TOOLS.join(', ')}); install Debian's llvm package`);
  return tool;
}

function toolVersion(tool: string): string {
  const out = spawnSync(tool, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /LLVM version [\w.-]+/.exec(out)?.[0] ?? 'unknown version';
}

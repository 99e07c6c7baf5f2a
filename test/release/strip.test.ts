/**
 * The Linux executables are built from the official Node binary with its symbol table and DWARF
 * removed by llvm-strip (scripts/release/strip.ts). These tests read the section headers back with
 * our own ELF reader, check that stripping removes exactly the debug sections and keeps what the
 * dynamic linker needs, and that a strip giving other bytes than the pinned ones stops the release.
 * llvm-strip comes from Debian's llvm, which .ci/run installs when it is missing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sha256 } from '../../scripts/release/archive.ts';
import { debugSections, elfSectionNames } from '../../scripts/release/elf.ts';
import { findPlatform, hostPlatform, type Platform } from '../../scripts/release/platforms.ts';
import { seaBaseBinary } from '../../scripts/release/strip.ts';
import { root } from './build.ts';

const llvmStrip = ['llvm-strip', 'llvm-strip-14'].some((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
const host = hostPlatform();
const skip = host?.os !== 'linux' || host.arch !== 'amd64' ? 'reads the running Node as the official linux amd64 binary, on linux amd64 only' : !llvmStrip && !process.env.CI ? 'llvm-strip is not installed' : false;
const linuxAmd64 = findPlatform('linux/amd64');
const official = process.execPath;
const cacheDir = join(root, '.cache', 'node-binaries');

describe('the Node binary of the Linux executables is stripped', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'slices-strip-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the official linux amd64 binary (the pinned Node running npm test) carries a symbol table and DWARF', () => {
    assert.deepEqual(debugSections(elfSectionNames(official)).sort(), ['.debug_abbrev', '.debug_aranges', '.debug_frame', '.debug_info', '.debug_line', '.debug_loc', '.debug_ranges', '.debug_str', '.strtab', '.symtab']);
  });

  it('stripping removes them, keeps the dynamic symbols and code, and gives exactly the pinned bytes', () => {
    const stripped = seaBaseBinary(linuxAmd64, official, cacheDir);
    const names = elfSectionNames(stripped);
    assert.deepEqual(debugSections(names), []);
    for (const kept of ['.dynsym', '.dynstr', '.text', '.rodata', '.data']) assert.ok(names.includes(kept), `${kept} is kept`);
    assert.equal(sha256(stripped), linuxAmd64.strippedSha256);
  });

  it('a strip whose output differs from the pinned sha256 stops the release and leaves nothing behind', () => {
    const elf = join(work, 'true');
    copyFileSync('/bin/true', elf);
    const pinnedWrong: Platform = { ...linuxAmd64, npmPackage: 'test-true', strippedSha256: '0'.repeat(64) };
    assert.throws(() => seaBaseBinary(pinnedWrong, elf, work), /llvm-strip\S* \(LLVM version [\w.-]+\) gave a Node binary with sha256 [0-9a-f]{64}, not the pinned 0{64}: the archives would not be reproducible/);
    assert.throws(() => elfSectionNames(join(work, 'test-true-26.10.0-stripped', `node.${process.pid}`)), /ENOENT/);
  });

  it('platforms without a pinned stripped sha256 (macOS, Windows) keep the official binary', () => {
    const darwin = findPlatform('darwin/arm64');
    assert.equal(darwin.strippedSha256, undefined);
    assert.equal(seaBaseBinary(darwin, '/nonexistent/node', work), '/nonexistent/node');
  });
});

describe('elfSectionNames', () => {
  it('refuses a file that is not a 64-bit little-endian ELF', () => {
    assert.throws(() => elfSectionNames(join(root, 'LICENSE')), /LICENSE: not a 64-bit little-endian ELF file/);
  });
});

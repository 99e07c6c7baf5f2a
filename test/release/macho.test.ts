/**
 * macOS executables: `--build-sea` drops Node's signature, and Apple silicon kills unsigned code,
 * so the release signs them ad hoc the way Apple's linker does. These tests read the signature back
 * (every page hash must match the file) and compare it with LLVM's implementation: llvm-objcopy
 * re-signs any Mach-O it copies (lld's CodeSignatureSection layout), and our signer, run on
 * llvm-objcopy's output, must reproduce it byte for byte. llvm-objcopy comes from Debian's llvm,
 * which .ci/run installs when it is missing.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signAdHoc } from '../../scripts/release/macho/codesign.ts';
import { LC_CODE_SIGNATURE, readMachO } from '../../scripts/release/macho/layout.ts';
import { findPlatform } from '../../scripts/release/platforms.ts';
import { releaseOne } from './build.ts';

const objcopy = ['llvm-objcopy', 'llvm-objcopy-14', 'llvm-objcopy-15'].find((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

/** What a kernel checks, read independently of the signer: the CodeDirectory and every page hash. */
function readSignature(file: Buffer) {
  const macho = readMachO(file, 'test');
  assert.ok(macho.codeSignatureCommand, 'LC_CODE_SIGNATURE is present');
  assert.equal(file.readUInt32LE(macho.codeSignatureCommand), LC_CODE_SIGNATURE);
  const dataoff = file.readUInt32LE(macho.codeSignatureCommand + 8);
  const sig = file.subarray(dataoff, dataoff + file.readUInt32LE(macho.codeSignatureCommand + 12));
  assert.equal(sig.readUInt32BE(0), 0xfade0cc0, 'embedded-signature SuperBlob');
  const cd = sig.subarray(sig.readUInt32BE(16));
  const pageSize = 1 << cd.readUInt8(39);
  const [hashOffset, identOffset, nCodeSlots, codeLimit] = [cd.readUInt32BE(16), cd.readUInt32BE(20), cd.readUInt32BE(28), cd.readUInt32BE(32)];
  let badPages = 0;
  for (let page = 0; page < nCodeSlots; page++) {
    const want = cd.subarray(hashOffset + page * 32, hashOffset + (page + 1) * 32);
    const got = createHash('sha256').update(file.subarray(page * pageSize, Math.min((page + 1) * pageSize, codeLimit))).digest();
    if (!want.equals(got)) badPages++;
  }
  return {
    magic: cd.readUInt32BE(0), version: cd.readUInt32BE(8), flags: cd.readUInt32BE(12), hashType: cd.readUInt8(37), pageSize,
    identifier: cd.toString('latin1', identOffset, cd.indexOf(0, identOffset)), codeLimit, dataoff, nCodeSlots, badPages,
    fileEnd: file.length,
  };
}

describe('macOS executables carry an ad-hoc signature', { skip: !objcopy && !process.env.CI ? 'llvm-objcopy is not installed' : false }, () => {
  const work = mkdtempSync(join(tmpdir(), 'slices-macho-'));
  let signed: Buffer;
  before(async () => {
    const arm64 = await releaseOne(findPlatform('darwin/arm64'), join(work, 'out'));
    mkdirSync(join(work, 'unpacked'));
    execFileSync('tar', ['-xzf', arm64.archivePath, '-C', join(work, 'unpacked'), 'kubectl-slices']);
    signed = readFileSync(join(work, 'unpacked', 'kubectl-slices'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the darwin arm64 executable is signed ad hoc, linker-style, and every page hash matches the file', () => {
    const sig = readSignature(signed);
    assert.deepEqual(
      { magic: sig.magic, version: sig.version, flags: sig.flags, hashType: sig.hashType, pageSize: sig.pageSize, identifier: sig.identifier },
      { magic: 0xfade0c02, version: 0x20400, flags: 0x20002, hashType: 2, pageSize: 4096, identifier: 'kubectl-slices' },
    );
    assert.equal(sig.codeLimit, sig.dataoff, 'the hashes cover everything before the signature');
    assert.equal(sig.nCodeSlots, Math.ceil(sig.dataoff / 4096));
    assert.equal(sig.badPages, 0);
  });

  it("the signature is LLVM's: re-signing what llvm-objcopy signed reproduces llvm-objcopy's bytes", () => {
    const copied = join(work, 'objcopy', 'kubectl-slices');
    mkdirSync(join(work, 'objcopy'));
    execFileSync(objcopy ?? 'llvm-objcopy', [join(work, 'unpacked', 'kubectl-slices'), copied]);
    const theirs = readFileSync(copied);
    assert.equal(readSignature(theirs).badPages, 0);
    assert.ok(signAdHoc(theirs, 'kubectl-slices', copied).equals(theirs));
  });

  it('signing again replaces the signature instead of adding one: the bytes do not change', () => {
    assert.ok(signAdHoc(signed, 'kubectl-slices', 'signed').equals(signed));
  });

  it('a file that is not a 64-bit Mach-O is refused in one line naming it', () => {
    assert.throws(() => signAdHoc(Buffer.from('#!/bin/sh\n'), 'kubectl-slices', 'script.sh'), /^Error: script\.sh: not a 64-bit little-endian Mach-O file$/);
  });
});

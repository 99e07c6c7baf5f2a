/**
 * Ad-hoc code signature for a Mach-O executable, as Apple's linker writes one ("linker-signed"):
 * a SuperBlob holding one CodeDirectory of SHA-256 page hashes, no certificate. Apple silicon
 * refuses to run unsigned code, and `--build-sea` drops Node's own signature when it injects the
 * bundle (LIEF removes LC_CODE_SIGNATURE), so every macOS executable is signed again here.
 *
 * The layout is lld's (lld/MachO/SyntheticSections.cpp, CodeSignatureSection::writeTo and
 * writeHashes), which llvm-objcopy repeats (MachOWriter::writeSignatureData): CodeDirectory
 * version 0x20400 (CS_SUPPORTSEXECSEG), flags CS_ADHOC | CS_LINKER_SIGNED, 4 KiB pages, the
 * identifier padded to 16 bytes, the signature 16-byte aligned at the end of __LINKEDIT.
 * test/release/macho.test.ts checks the result against llvm-objcopy's own re-signing.
 */
import { createHash } from 'node:crypto';
import { HEADER_SIZE, LC_CODE_SIGNATURE, MH_EXECUTE, readMachO, segment } from './layout.ts';

const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CS_SUPPORTSEXECSEG = 0x20400;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const PAGE_SHIFT = 12;
const PAGE = 1 << PAGE_SHIFT;
const HASH_SIZE = 32;
const CODE_DIRECTORY_SIZE = 88;
const BLOB_HEADERS_SIZE = alignTo(12 + 8, 8);
const CPU_TYPE_ARM64 = 0x0100000c;

/** The file signed ad hoc: any old signature replaced, LC_CODE_SIGNATURE added if missing. */
export function signAdHoc(input: Buffer, identifier: string, name: string): Buffer {
  const macho = readMachO(input, name);
  const linkedit = segment(macho, '__LINKEDIT', name);
  const text = segment(macho, '__TEXT', name);
  // Without a signature, __LINKEDIT ends the file; with one, the signature does.
  const codeEnd = macho.codeSignatureCommand === undefined ? input.length : input.readUInt32LE(macho.codeSignatureCommand + 8);
  if (linkedit.fileoff + linkedit.filesize < codeEnd) throw new Error(`${name}: __LINKEDIT does not end the file`);
  const dataoff = alignTo(codeEnd, 16);
  const identPadded = alignTo(identifier.length + 1, 16);
  const headersSize = alignTo(BLOB_HEADERS_SIZE + CODE_DIRECTORY_SIZE + identPadded, 16);
  const nCodeSlots = Math.ceil(dataoff / PAGE);
  const datasize = headersSize + nCodeSlots * HASH_SIZE;

  const out = Buffer.alloc(dataoff + datasize);
  input.copy(out, 0, 0, codeEnd);
  writeCommand(out, macho, name, dataoff, datasize);
  // __LINKEDIT now covers the signature; its memory size in whole pages of the target.
  const filesize = dataoff + datasize - linkedit.fileoff;
  const vmPage = macho.cputype === CPU_TYPE_ARM64 ? 0x4000 : 0x1000;
  out.writeBigUInt64LE(BigInt(filesize), linkedit.commandOffset + 48);
  out.writeBigUInt64LE(BigInt(alignTo(filesize, vmPage)), linkedit.commandOffset + 32);

  const sig = out.subarray(dataoff);
  sig.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  sig.writeUInt32BE(datasize, 4);
  sig.writeUInt32BE(1, 8);
  sig.writeUInt32BE(CSSLOT_CODEDIRECTORY, 12);
  sig.writeUInt32BE(BLOB_HEADERS_SIZE, 16);
  const cd = sig.subarray(BLOB_HEADERS_SIZE);
  const fields = [CSMAGIC_CODEDIRECTORY, datasize - BLOB_HEADERS_SIZE, CS_SUPPORTSEXECSEG, CS_ADHOC | CS_LINKER_SIGNED, headersSize - BLOB_HEADERS_SIZE, CODE_DIRECTORY_SIZE, 0, nCodeSlots, dataoff];
  fields.forEach((value, i) => cd.writeUInt32BE(value, i * 4));
  cd.writeUInt8(HASH_SIZE, 36);
  cd.writeUInt8(CS_HASHTYPE_SHA256, 37);
  cd.writeUInt8(0, 38); // platform
  cd.writeUInt8(PAGE_SHIFT, 39);
  // spare2, scatterOffset, teamOffset, spare3 and codeLimit64 stay 0.
  cd.writeBigUInt64BE(BigInt(text.fileoff), 64);
  cd.writeBigUInt64BE(BigInt(text.filesize), 72);
  cd.writeBigUInt64BE(BigInt(macho.filetype === MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  cd.write(identifier, CODE_DIRECTORY_SIZE, 'latin1');
  // Hashes last: they cover the header as just rewritten.
  for (let page = 0; page < nCodeSlots; page++) {
    const bytes = out.subarray(page * PAGE, Math.min((page + 1) * PAGE, dataoff));
    createHash('sha256').update(bytes).digest().copy(sig, headersSize + page * HASH_SIZE);
  }
  return out;
}

/** Points LC_CODE_SIGNATURE at the new signature, appending the command to the header if needed. */
function writeCommand(out: Buffer, macho: ReturnType<typeof readMachO>, name: string, dataoff: number, datasize: number): void {
  let at = macho.codeSignatureCommand;
  if (at === undefined) {
    at = HEADER_SIZE + macho.sizeofcmds;
    const firstContent = Math.min(...macho.segments.map((s) => s.firstSectionOffset).filter((o) => o > 0));
    if (at + 16 > firstContent) throw new Error(`${name}: no room after the load commands for LC_CODE_SIGNATURE`);
    out.writeUInt32LE(macho.ncmds + 1, 16);
    out.writeUInt32LE(macho.sizeofcmds + 16, 20);
    out.writeUInt32LE(LC_CODE_SIGNATURE, at);
    out.writeUInt32LE(16, at + 4);
  }
  out.writeUInt32LE(dataoff, at + 8);
  out.writeUInt32LE(datasize, at + 12);
}

function alignTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

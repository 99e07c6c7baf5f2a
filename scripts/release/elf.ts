/**
 * Reads the section names of a 64-bit little-endian ELF file (the Linux executables we ship:
 * x86-64 and AArch64), enough to tell a stripped Node binary from an unstripped one. Layout from
 * the System V gABI, "ELF Header" and "Sections": e_shoff at 0x28, e_shentsize at 0x3a, e_shnum
 * at 0x3c, e_shstrndx at 0x3e; each section header's sh_name at 0x00, sh_offset at 0x18.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const ELF_MAGIC = 0x464c457f; // "\x7fELF", read little-endian
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;

/** Every section's name, in header order, read from `path` without loading the whole file. */
export function elfSectionNames(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const read = (offset: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      if (readSync(fd, buffer, 0, length, offset) !== length) throw new Error(`${path}: truncated ELF file`);
      return buffer;
    };
    const header = read(0, 64);
    if (header.readUInt32LE(0) !== ELF_MAGIC || header[4] !== ELFCLASS64 || header[5] !== ELFDATA2LSB) {
      throw new Error(`${path}: not a 64-bit little-endian ELF file`);
    }
    const shoff = Number(header.readBigUInt64LE(0x28));
    const shentsize = header.readUInt16LE(0x3a);
    const shnum = header.readUInt16LE(0x3c);
    const shstrndx = header.readUInt16LE(0x3e);
    const headers = read(shoff, shentsize * shnum);
    const names = read(Number(headers.readBigUInt64LE(shstrndx * shentsize + 0x18)), Number(headers.readBigUInt64LE(shstrndx * shentsize + 0x20)));
    return Array.from({ length: shnum }, (_, i) => {
      const start = headers.readUInt32LE(i * shentsize);
      return names.toString('latin1', start, names.indexOf(0, start));
    });
  } finally {
    closeSync(fd);
  }
}

/** Sections `llvm-strip --strip-all` removes: the symbol table and DWARF debug information. */
export function debugSections(names: readonly string[]): string[] {
  return names.filter((n) => n === '.symtab' || n === '.strtab' || n.startsWith('.debug_'));
}

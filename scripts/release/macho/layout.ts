/**
 * The parts of a 64-bit little-endian Mach-O file an ad-hoc signature touches: the header, the
 * segment load commands (with their sections' file offsets) and LC_CODE_SIGNATURE. Field offsets
 * are those of <mach-o/loader.h>: mach_header_64, segment_command_64, section_64,
 * linkedit_data_command.
 */
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_EXECUTE = 0x2;
export const LC_SEGMENT_64 = 0x19;
export const LC_CODE_SIGNATURE = 0x1d;
export const HEADER_SIZE = 32;
const SECTION_SIZE = 80;

export interface Segment {
  name: string;
  /** Offset of its segment_command_64 in the file. */
  commandOffset: number;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  /** Smallest file offset of its sections that have file content (0 when none). */
  firstSectionOffset: number;
}

export interface MachO {
  cputype: number;
  filetype: number;
  ncmds: number;
  sizeofcmds: number;
  segments: Segment[];
  /** Offset of the LC_CODE_SIGNATURE command, if there is one. */
  codeSignatureCommand?: number;
}

export function readMachO(file: Buffer, name: string): MachO {
  if (file.length < HEADER_SIZE || file.readUInt32LE(0) !== MH_MAGIC_64) throw new Error(`${name}: not a 64-bit little-endian Mach-O file`);
  const macho: MachO = { cputype: file.readInt32LE(4), filetype: file.readUInt32LE(12), ncmds: file.readUInt32LE(16), sizeofcmds: file.readUInt32LE(20), segments: [] };
  let at = HEADER_SIZE;
  for (let i = 0; i < macho.ncmds; i++) {
    const cmd = file.readUInt32LE(at);
    if (cmd === LC_SEGMENT_64) macho.segments.push(readSegment(file, at));
    if (cmd === LC_CODE_SIGNATURE) macho.codeSignatureCommand = at;
    at += file.readUInt32LE(at + 4);
  }
  return macho;
}

function readSegment(file: Buffer, at: number): Segment {
  const nsects = file.readUInt32LE(at + 64);
  let firstSectionOffset = 0;
  for (let s = 0; s < nsects; s++) {
    const offset = file.readUInt32LE(at + 72 + s * SECTION_SIZE + 48);
    if (offset > 0 && (firstSectionOffset === 0 || offset < firstSectionOffset)) firstSectionOffset = offset;
  }
  return {
    name: file.toString('latin1', at + 8, at + 24).replace(/\0+$/, ''),
    commandOffset: at,
    vmsize: file.readBigUInt64LE(at + 32),
    fileoff: Number(file.readBigUInt64LE(at + 40)),
    filesize: Number(file.readBigUInt64LE(at + 48)),
    firstSectionOffset,
  };
}

export function segment(macho: MachO, name: string, file: string): Segment {
  const found = macho.segments.find((s) => s.name === name);
  if (!found) throw new Error(`${file}: no ${name} segment`);
  return found;
}

/**
 * The entries of a tar or zip archive, read from its headers the way Go's `archive/tar` and
 * `archive/zip` present them to krew's extractors (name, type, mode). Listing only: the bytes
 * are unpacked by the system tools (see download.ts).
 */

export interface ArchiveEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
  /** The tar type flag byte (krew prints it in its refusal), 0 for zip entries. */
  typeflag: number;
  /** Permission bits (with setuid/setgid/sticky) the entry asks for. */
  mode: number;
}

const BLOCK = 512;

/** Entries of an uncompressed tar: ustar, GNU (`L` long names) and pax (`path` records). */
export function tarEntries(tar: Buffer): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let pendingName: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length; ) {
    const header = tar.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    checkHeaderChecksum(header);
    const size = octal(header, 124, 12);
    const body = tar.subarray(off + BLOCK, off + BLOCK + size);
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const typeflag = header[156] as number;
    const type = String.fromCharCode(typeflag);
    if (type === 'L') pendingName = cString(body, 0, body.length);
    else if (type === 'x') pendingName = paxPath(body) ?? pendingName;
    else if (type !== 'K') {
      const name = pendingName ?? headerName(header);
      pendingName = undefined;
      entries.push({ name, kind: tarKind(type, name), typeflag: tarTypeflag(type, name), mode: octal(header, 100, 8) & 0o7777 });
    }
  }
  return entries;
}

/** archive/tar turns the old `\0` (TypeRegA) flag into a regular file, or a folder for `name/`. */
function tarTypeflag(type: string, name: string): number {
  if (type !== '\0') return type.charCodeAt(0);
  return (name.endsWith('/') ? '5' : '0').charCodeAt(0);
}

function tarKind(type: string, name: string): ArchiveEntry['kind'] {
  const flag = String.fromCharCode(tarTypeflag(type, name));
  return flag === '0' ? 'file' : flag === '5' ? 'dir' : 'other';
}

/** The ustar prefix field counts only in POSIX ustar headers (magic `ustar\0`), not GNU ones. */
function headerName(header: Buffer): string {
  const name = cString(header, 0, 100);
  const ustar = header.subarray(257, 263).equals(Buffer.from('ustar\0', 'latin1'));
  const prefix = ustar ? cString(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** pax records are `<length> <key>=<value>\n`. */
function paxPath(body: Buffer): string | undefined {
  let path: string | undefined;
  for (let off = 0; off < body.length; ) {
    const space = body.indexOf(0x20, off);
    const length = Number(body.toString('latin1', off, space));
    if (space < 0 || !Number.isInteger(length) || length <= 0) throw new Error('tar extraction error: archive/tar: invalid header');
    const record = body.toString('utf8', space + 1, off + length - 1);
    if (record.startsWith('path=')) path = record.slice('path='.length);
    off += length;
  }
  return path;
}

function checkHeaderChecksum(header: Buffer): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  if (sum !== octal(header, 148, 8)) throw new Error('tar extraction error: archive/tar: invalid header');
}

function octal(buf: Buffer, start: number, length: number): number {
  const text = cString(buf, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new Error('tar extraction error: archive/tar: invalid header');
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.toString('utf8', 0, nul < 0 ? field.length : nul);
}

/** Entries of a zip, from its central directory, with modes as Go's `FileHeader.Mode` derives them. */
export function zipEntries(zip: Buffer): ArchiveEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  const entries: ArchiveEntry[] = [];
  for (let i = 0, p = zip.readUInt32LE(end + 16); i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: not a valid zip file');
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const mode = zipMode(zip.readUInt16LE(p + 4) >> 8, zip.readUInt32LE(p + 38), name);
    const kind = mode.dir ? 'dir' : mode.type === 0 ? 'file' : 'other';
    entries.push({ name, kind, typeflag: 0, mode: mode.perm });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('zip: not a valid zip file');
}

/**
 * `FileHeader.Mode`: Unix and macOS creators keep a Unix mode in the high external attributes;
 * FAT/NTFS ones a DOS attribute (0x10 folder, 0x01 read-only); a trailing `/` means a folder.
 */
function zipMode(creator: number, external: number, name: string): { perm: number; type: number; dir: boolean } {
  let perm = 0;
  let type = 0;
  let dir = name.endsWith('/');
  if (creator === 3 || creator === 19) {
    const unix = external >>> 16;
    perm = unix & 0o7777;
    type = unix & 0o170000;
    dir ||= type === 0o040000;
    if (type === 0o040000 || type === 0o100000) type = 0;
  } else if (creator === 0 || creator === 11 || creator === 14) {
    dir ||= (external & 0x10) !== 0;
    perm = dir ? 0o777 : external & 0x01 ? 0o444 : 0o666;
  }
  return { perm, type, dir };
}

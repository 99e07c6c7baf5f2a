/**
 * A file's bytes as text, the way kubectl reads `-f` files and kubeconfigs: UTF-8, with or without
 * a byte-order mark, or UTF-16 (little or big endian) with one, which is what Windows PowerShell
 * 5.1's `>` and `Out-File` write. kubectl decodes every file through
 * `unicode.BOMOverride(unicode.UTF8.NewDecoder())` (k8s.io/cli-runtime pkg/resource/visitor.go,
 * FileVisitor.Visit): a BOM picks the encoding, no BOM means UTF-8. UTF-16 without a BOM is
 * refused by name rather than read as garbage.
 *
 * A file is also bounded in size, so that no input can exhaust memory before it is even parsed.
 */
import { InputError } from '../failures.ts';

/**
 * The largest file read whole: JSON.parse of it takes several times its size in memory, and V8
 * cannot hold a string of more than 512 MiB at all. `kubectl get pods -A -o json` of a
 * 5,000-pod cluster is about 50 MiB.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const MIB = 1024 * 1024;

/** The size error for `source`, which has (at least) `bytes` bytes. */
export function tooLarge(source: string, bytes: number): InputError {
  return new InputError(`${source}: ${(bytes / MIB).toFixed(1)} MiB is more than the ${MAX_FILE_BYTES / MIB} MiB a file may have`);
}

/** The text of `bytes`, read from `source` (for messages). */
export function decodeText(bytes: Uint8Array, source: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length > MAX_FILE_BYTES) throw tooLarge(source, buffer.length);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return utf16be(buffer.subarray(2));
  if (looksLikeUtf16(buffer)) {
    throw new InputError(`${source}: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM, as kubectl reads it)`);
  }
  return buffer.toString('utf8');
}

/** Whether the text starts with a UTF-16 BOM (the streaming dump reader cannot decode it piecewise). */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

function utf16be(bytes: Buffer): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16().toString('utf16le');
}

/** ASCII text in UTF-16 has a NUL in every other byte; UTF-8 text never has NULs there. */
function looksLikeUtf16(buffer: Buffer): boolean {
  const sample = Math.min(buffer.length, 64) & ~1;
  if (sample < 4) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample; i += 2) {
    if (buffer[i] === 0) evenNuls++;
    if (buffer[i + 1] === 0) oddNuls++;
  }
  const pairs = sample / 2;
  return (oddNuls === pairs && evenNuls === 0) || (evenNuls === pairs && oddNuls === 0);
}

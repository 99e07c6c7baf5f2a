/**
 * The one reader of node dumps, for `explain --dataplane [NODE=]FILE` and `rules FILE`: names the
 * node, reads the file, and hands it to the decoder its content calls for (dataplane/decode.ts:
 * iptables-save, nft list, ipvsadm, cilium-dbg). With a service (or frontends) to look for, a
 * regular file is searched in chunks rather than read whole, so a million-line dump costs little
 * time and little memory (one under a MiB is searched in the bytes of its first read); stdin and
 * pipes (`<(iptables-save)`) are read whole, once.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../failures.ts';
import { decodeDump, decodeDumpPass, selectsInPasses, type DumpDecodeOptions, type DumpSelection } from '../dataplane/decode.ts';
import { decidedFormat, detectDumpFormat, type DumpFormat } from '../kubeproxy/detect.ts';
import { NEWLINE } from '../kubeproxy/iptables/chars.ts';
import { lineChunks, memoryPass, readUpTo, type DumpPass, type ReadBytes } from '../kubeproxy/iptables/chunks.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { fileError, readStream } from './read.ts';
import { decodeText, hasUtf16Bom, MAX_FILE_BYTES, tooLarge } from './text.ts';

export interface DumpSpec {
  node: string;
  path: string;
}

/** Enough of a file to tell its format (kubeproxy/detect.ts reads as much). */
const SNIFF_BYTES = 1 << 20;
/** What usually suffices: the whole lines of the first 64 KiB. */
const EARLY_BYTES = 1 << 16;

/**
 * `minikube=dump.txt` names the node; a bare `dumps/node-a.txt` is named after the file
 * (`node-a`), and `-` (stdin) is `stdin`.
 */
export function parseDumpSpec(spec: string): DumpSpec {
  const eq = spec.indexOf('=');
  if (eq > 0 && !spec.slice(0, eq).includes('/')) return { node: spec.slice(0, eq), path: spec.slice(eq + 1) };
  if (spec === '-') return { node: 'stdin', path: spec };
  const file = basename(spec);
  const dot = file.lastIndexOf('.');
  return { node: dot > 0 ? file.slice(0, dot) : file, path: spec };
}

export async function readDumps(specs: readonly string[], stdin: Readable, selection: DumpSelection = {}): Promise<NodeRules[]> {
  const dumps: NodeRules[] = [];
  for (const spec of specs) dumps.push(await readDump(parseDumpSpec(spec), stdin, selection));
  return dumps;
}

/** One node's rules; with a selection, only the entries of that service (or at those frontends). */
export async function readDump({ node, path }: DumpSpec, stdin: Readable, selection: DumpSelection = {}): Promise<NodeRules> {
  const decode: DumpDecodeOptions = { node, source: path === '-' ? '<stdin>' : path, ...selected(selection) };
  if (path === '-') return decodeDump(decodeText(await readStream(stdin), '<stdin>'), decode);
  return decodeFile(path, decode);
}

/** The selection without its undefined members (the options are exact optional properties). */
function selected({ service, frontends }: DumpSelection): DumpSelection {
  return { ...(service === undefined ? {} : { service }), ...(frontends === undefined ? {} : { frontends }) };
}

async function decodeFile(file: string, decode: DumpDecodeOptions): Promise<NodeRules> {
  const fd = openDump(file);
  // Every decode is awaited here: the decoder is imported before it reads, and the file is closed
  // only once it has been read.
  try {
    // Only a regular file can be read again from the start: a pipe is read whole.
    if ((decode.service === undefined && decode.frontends === undefined) || !fstatSync(fd).isFile()) return await decodeDump(readWhole(fd, file), decode);
    const sniff = Buffer.allocUnsafe(SNIFF_BYTES);
    const sniffed = sniff.subarray(0, readAt(fd, file, 0)(sniff, 0, SNIFF_BYTES));
    // UTF-16 cannot be searched as bytes: such a dump is read whole (and so bounded like one).
    if (hasUtf16Bom(sniffed)) return await decodeDump(readWhole(fd, file), decode);
    const format = sniffedFormat(sniffed);
    if (!selectsInPasses(format, decode)) return await decodeDump(readWhole(fd, file), decode);
    return await decodeDumpPass(filePass(fd, file, sniffed), format, decode);
  } finally {
    closeSync(fd);
  }
}

/**
 * The passes over a regular file whose first bytes are `sniffed`. A file the first read holds
 * whole (under SNIFF_BYTES: a short read of a regular file is its end) is searched in those
 * bytes, rather than read again into the scan memory, whose set-up (compiling the vector search)
 * and reads cost more than a small dump's search: `explain -f` on the example (its node dump is
 * 11 KiB) took 55.6 ms instead of 57.2 (medians of 41 alternated runs).
 */
function filePass(fd: number, file: string, sniffed: Buffer): DumpPass {
  if (sniffed.length < SNIFF_BYTES) return memoryPass(sniffed);
  return (from = 0, to) => lineChunks(readUpTo(readAt(fd, file, from), from, to), from);
}

/**
 * The format of a dump whose first bytes are `sniffed`. The whole lines of its first 64 KiB
 * decide it when they can (decidedFormat); a NUL anywhere in the sniffed bytes, or no decision,
 * and the first MiB is decoded and read, as detectDumpFormat reads a text.
 */
function sniffedFormat(sniffed: Buffer): DumpFormat {
  const lastNewline = sniffed.lastIndexOf(NEWLINE, EARLY_BYTES - 1);
  if (sniffed.length > EARLY_BYTES && lastNewline >= 0 && !sniffed.includes(0)) {
    const early = decidedFormat(sniffed.toString('utf8', 0, lastNewline + 1));
    if (early !== null) return early;
  }
  return detectDumpFormat(sniffed.toString('utf8'));
}

/** The text of the whole file (at most MAX_FILE_BYTES): one flat string, which the decoder reads fastest. */
function readWhole(fd: number, file: string): string {
  let bytes: Buffer;
  try {
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) throw tooLarge(file, size);
    bytes = readFileSync(fd);
  } catch (err) {
    if (err instanceof InputError) throw err;
    return fileError(file, err);
  }
  return decodeText(bytes, file);
}

function openDump(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (err) {
    return fileError(file, err);
  }
}

/** Reads the file from byte `position` on, one call after the other (one pass). */
function readAt(fd: number, file: string, start: number): ReadBytes {
  let position = start;
  return (into, offset, length) => {
    try {
      const count = readSync(fd, into, offset, length, position);
      position += count;
      return count;
    } catch (err) {
      return fileError(file, err);
    }
  };
}

/**
 * A file, or stdin for `-`, read whole: bounded in size before a byte is read, and every failure
 * one line naming the file. The one reader of `-f` files, `-o jsonpath-file=`, kubeconfigs and
 * node dumps read whole; kept apart from the object loader (files.ts) so that a command that
 * reads only a dump or a template does not load the model with it (start-up, issue 15).
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { InputError } from '../failures.ts';
import { decodeText, MAX_FILE_BYTES, tooLarge } from './text.ts';

/**
 * The text of a file, or of stdin for `-` (UTF-8 or UTF-16 with a BOM, at most MAX_FILE_BYTES);
 * a missing, unreadable or oversized file is a one-line error.
 */
export async function readText(path: string, stdin: Readable): Promise<string> {
  if (path === '-') return decodeText(await readStream(stdin), '<stdin>');
  return decodeText(readBytes(path), path);
}

/**
 * A regular file's bytes, read synchronously: a command reads its files one after the other
 * anyway, and node:fs/promises would load Node's readline and REPL-history modules with it.
 */
function readBytes(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return fileError(path, err);
  }
  try {
    // The size is checked before anything is read: a 10 GB file costs nothing.
    const { size } = fstatSync(fd);
    if (size > MAX_FILE_BYTES) throw tooLarge(path, size);
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof InputError) throw err;
    return fileError(path, err);
  } finally {
    closeSync(fd);
  }
}

/** A failed read of `path` as the one-line error a person can act on. */
export function fileError(path: string, err: unknown): never {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
  if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a file`);
  if (code === 'EACCES') throw new InputError(`${path}: permission denied`);
  throw new InputError(`${path}: cannot read: ${(err as Error).message}`);
}

/** Every byte of a stream, at most MAX_FILE_BYTES of them (stdin can be endless). */
export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > MAX_FILE_BYTES) throw tooLarge('<stdin>', total);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

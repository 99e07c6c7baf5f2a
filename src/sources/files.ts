/** Reads `-f` files (or stdin for `-`) into Kubernetes objects, and one Service's Snapshot out of them. */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from '../failures.ts';
import type { KubeObject } from '../kubernetes/objects.ts';
import type { ServiceRef } from '../kubernetes/ref.ts';
import { selectService } from '../model/select.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { captureFor } from './cluster/bundle.ts';
import { parseObjects } from './objectfile.ts';

/** The Service and its objects out of the files; a `snapshot` bundle also restores what was unknown when captured. */
export async function loadFileSnapshot(paths: readonly string[], stdin: Readable, ref: ServiceRef): Promise<Snapshot> {
  const objects = await readObjectFiles(paths, stdin);
  const snapshot = selectService(objects, ref);
  const capture = captureFor(objects, snapshot.service.metadata);
  return capture ? { ...snapshot, unknown: capture.unknown } : snapshot;
}

export async function readObjectFiles(paths: readonly string[], stdin: Readable): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const path of paths) {
    const text = await readText(path, stdin);
    objects.push(...(await parseObjects(text, path === '-' ? '<stdin>' : path)));
  }
  return objects;
}

/** The text of a file, or of stdin for `-`; a missing or unreadable file is a one-line error. */
export async function readText(path: string, stdin: Readable): Promise<string> {
  if (path === '-') return readStream(stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    return fileError(path, err);
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

export async function readStream(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

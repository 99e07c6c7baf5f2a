/** Reads `-f` files (or stdin for `-`) into Kubernetes objects, and one Service's Snapshot out of them. */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from '../failures.ts';
import type { KubeObject } from '../kubernetes/objects.ts';
import { podIPs } from '../kubernetes/pod.ts';
import type { ServiceRef } from '../kubernetes/ref.ts';
import { unownedAddresses, type RuleAddressesOf } from '../model/ruleAddresses.ts';
import { selectService, type SelectOptions } from '../model/select.ts';
import { uniqueObjects } from '../model/unique.ts';
import type { Snapshot } from '../model/snapshot.ts';
import { captureFor } from './cluster/bundle.ts';
import { capturesIn } from './cluster/dataplaneRecords.ts';
import { parseObjects } from './objectfile.ts';
import { decodeText, MAX_FILE_BYTES, tooLarge } from './text.ts';

export interface FileSnapshotOptions extends Pick<SelectOptions, 'dumpNodes'> {
  /** explain --iptables: the addresses node rules reach, so the pods of the files that only they still reach are rows too. */
  ruleAddressesOf?: RuleAddressesOf;
}

/** Every object of the files, an object given twice (same -f twice, overlapping files) once. */
export async function loadFileObjects(paths: readonly string[], stdin: Readable): Promise<KubeObject[]> {
  return uniqueObjects(await readObjectFiles(paths, stdin));
}

/**
 * One Service and its objects out of objects read from files; a `snapshot` bundle also restores
 * what was unknown when captured, and when, and gives `ruleAddressesOf` the outputs its nodes
 * printed (`snapshot --collect-dataplane`).
 */
export async function fileSnapshotOf(objects: readonly KubeObject[], ref: ServiceRef, options: FileSnapshotOptions = {}): Promise<Snapshot> {
  const select = { dumpNodes: options.dumpNodes };
  const first = selectService(objects, ref, select);
  const addresses = options.ruleAddressesOf === undefined ? new Set<string>() : await options.ruleAddressesOf(first.service, { snapshot: first, captures: capturesIn(objects) });
  const unowned = unownedAddresses(addresses, first.pods.flatMap(podIPs));
  const snapshot = unowned.size === 0 ? first : selectService(objects, ref, { ...select, ruleAddresses: addresses });
  const capture = captureFor(objects, snapshot.service.metadata);
  return capture ? { ...snapshot, unknown: capture.unknown, capturedAt: capture.capturedAt } : snapshot;
}

export async function loadFileSnapshot(paths: readonly string[], stdin: Readable, ref: ServiceRef, options: FileSnapshotOptions = {}): Promise<Snapshot> {
  return fileSnapshotOf(await loadFileObjects(paths, stdin), ref, options);
}

export async function readObjectFiles(paths: readonly string[], stdin: Readable): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const path of paths) {
    const text = await readText(path, stdin);
    objects.push(...(await parseObjects(text, path === '-' ? '<stdin>' : path)));
  }
  return objects;
}

/**
 * The text of a file, or of stdin for `-` (UTF-8 or UTF-16 with a BOM, at most MAX_FILE_BYTES);
 * a missing, unreadable or oversized file is a one-line error.
 */
export async function readText(path: string, stdin: Readable): Promise<string> {
  if (path === '-') return decodeText(await readStream(stdin), '<stdin>');
  return decodeText(await readBytes(path), path);
}

async function readBytes(path: string): Promise<Buffer> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (err) {
    return fileError(path, err);
  }
  try {
    // The size is checked before anything is read: a 10 GB file costs nothing.
    const { size } = await file.stat();
    if (size > MAX_FILE_BYTES) throw tooLarge(path, size);
    return await file.readFile();
  } catch (err) {
    if (err instanceof InputError) throw err;
    return fileError(path, err);
  } finally {
    await file.close();
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

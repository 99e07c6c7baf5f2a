/** Reads `-f` files (or stdin for `-`) into Kubernetes objects, and one Service's Snapshot out of them. */
import type { Readable } from 'node:stream';
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
import { readText } from './read.ts';

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

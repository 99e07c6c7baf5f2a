/** Reads `--iptables [NODE=]FILE` dumps, one per node, and decodes them. */
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../failures.ts';
import type { DumpFormat } from '../kubeproxy/detect.ts';
import { decodeIptablesSave, detectDumpFormat } from '../kubeproxy/iptables/decode.ts';
import type { NodeRules } from '../kubeproxy/types.ts';
import { readText } from './files.ts';

export interface DumpSpec {
  node: string;
  path: string;
}

/** `minikube=dump.txt` names the node; a bare `node-a.txt` is named after the file (`node-a`). */
export function parseDumpSpec(spec: string): DumpSpec {
  const eq = spec.indexOf('=');
  if (eq > 0 && !spec.slice(0, eq).includes('/')) return { node: spec.slice(0, eq), path: spec.slice(eq + 1) };
  const file = basename(spec);
  const dot = file.lastIndexOf('.');
  return { node: dot > 0 ? file.slice(0, dot) : file, path: spec };
}

/** nft and ipvsadm output are recognised and refused by name; only iptables mode is decoded. */
export function assertIptables(format: DumpFormat, source: string): void {
  if (format === 'iptables') return;
  const what = format === 'unknown' ? 'is not iptables-save output' : `looks like ${format === 'nftables' ? 'nft' : 'ipvsadm'} output`;
  throw new InputError(`${source}: ${what}; only iptables-save (or iptables -S) output is supported`);
}

export async function readDumps(specs: readonly string[], stdin: Readable, service?: string): Promise<NodeRules[]> {
  const dumps: NodeRules[] = [];
  for (const spec of specs) {
    const { node, path } = parseDumpSpec(spec);
    const source = path === '-' ? '<stdin>' : path;
    const text = await readText(path, stdin);
    assertIptables(detectDumpFormat(text), source);
    dumps.push(decodeIptablesSave(text, { node, source, ...(service ? { service } : {}) }));
  }
  return dumps;
}

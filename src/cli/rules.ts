/**
 * `kubectl slices rules FILE [--service NAMESPACE/NAME] [-o table|json|yaml]`: what one node's
 * kube-proxy does with each service port, decoded from that node's `iptables-save` output.
 * With --service, a file is searched in chunks rather than read whole, so a million-line dump
 * costs little time and little memory.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { detectDumpFormat } from '../kubeproxy/detect.ts';
import { lineChunks, readUpTo, type DumpPass, type ReadBytes } from '../kubeproxy/iptables/chunks.ts';
import { decodeIptablesSave, decodeIptablesSaveService, type DecodeOptions } from '../kubeproxy/iptables/decode.ts';
import { rulesDocument } from '../kubeproxy/rulesDocument.ts';
import type { NodeRules } from '../kubeproxy/types.ts';
import { renderDocument } from '../render/document.ts';
import { renderRulesTable } from '../render/rules-table.ts';
import { UsageError } from '../failures.ts';
import type { CliIO } from './io.ts';
import type { ExitStatus } from './run.ts';
import { assertIptables } from '../sources/dumps.ts';
import { fileError, readStream } from '../sources/files.ts';

export const RULES_FORMATS = ['table', 'json', 'yaml'] as const;
type RulesFormat = (typeof RULES_FORMATS)[number];

interface RulesOptions {
  service?: string;
  output: RulesFormat;
}

/** Warnings printed under the table; the rest are counted (all are in -o json). */
const WARNINGS_SHOWN = 5;
/** Enough of a file to tell iptables-save from nft or ipvsadm output. */
const SNIFF_BYTES = 1 << 20;

export function registerRules(program: Command, io: CliIO, _status: ExitStatus): void {
  program
    .command('rules')
    .description("decode one node's kube-proxy iptables rules: frontends, endpoints and shares per service port")
    .argument('<file>', 'the node\'s `iptables-save` output (- for stdin); the node is named after the file')
    .option('--service <namespace/name>', 'only this service')
    .addOption(new Option('-o, --output <format>', 'output format').choices(RULES_FORMATS).default('table'))
    .action(async (file: string, options: RulesOptions) => {
      const service = options.service === undefined ? undefined : parseServiceOption(options.service);
      const decode: DecodeOptions = { node: nodeName(file), source: file === '-' ? '<stdin>' : file, ...(service ? { service } : {}) };
      const rules = file === '-' ? decodeText(await readStream(io.stdin), decode) : decodeFile(file, decode);
      await writeRules(rules, options.output, io, service);
    });
}

/** `namespace/name`, as kube-proxy's comments spell it. */
function parseServiceOption(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new UsageError(`--service wants NAMESPACE/NAME, got "${value}"`);
  }
  return value;
}

/** `dumps/node-1.txt` → `node-1`. */
function nodeName(file: string): string {
  if (file === '-') return 'stdin';
  const name = basename(file);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function decodeText(text: string, decode: DecodeOptions): NodeRules {
  assertIptables(detectDumpFormat(text), decode.source);
  return decodeIptablesSave(text, decode);
}

function decodeFile(file: string, decode: DecodeOptions): NodeRules {
  const fd = openDump(file);
  try {
    // Only a regular file can be read again from the start: a pipe (`<(iptables-save)`) is read whole.
    if (decode.service === undefined || !fstatSync(fd).isFile()) {
      // One flat string: readFile(file, 'utf8') builds it from chunks, and flattening that costs more.
      return decodeText(readWhole(fd, file).toString('utf8'), decode);
    }
    const sniff = Buffer.allocUnsafe(SNIFF_BYTES);
    const sniffed = readAt(fd, file, 0)(sniff, 0, SNIFF_BYTES);
    assertIptables(detectDumpFormat(sniff.toString('utf8', 0, sniffed)), decode.source);
    const pass: DumpPass = (from = 0, to) => lineChunks(readUpTo(readAt(fd, file, from), from, to), from);
    return decodeIptablesSaveService(pass, { ...decode, service: decode.service });
  } finally {
    closeSync(fd);
  }
}

function readWhole(fd: number, file: string): Buffer {
  try {
    return readFileSync(fd);
  } catch (err) {
    return fileError(file, err);
  }
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


async function writeRules(rules: NodeRules, format: RulesFormat, io: CliIO, service: string | undefined): Promise<void> {
  if (format !== 'table') {
    io.stdout.write(await renderDocument(rulesDocument(rules), format));
    return;
  }
  const table = renderRulesTable(rules.services);
  if (table === '') io.stderr.write(`No kube-proxy rules ${service === undefined ? 'for any service' : `for ${service}`} in ${rules.source}.\n`);
  io.stdout.write(table);
  for (const warning of rules.warnings.slice(0, WARNINGS_SHOWN)) io.stderr.write(`warning: ${rules.source}:${warning.line}: ${warning.message}\n`);
  const more = rules.warnings.length - WARNINGS_SHOWN;
  if (more > 0) io.stderr.write(`warning: ${rules.source}: ${more} more warnings (all are in -o json)\n`);
  const orphans = rules.orphanEndpoints.length;
  if (orphans > 0) {
    io.stderr.write(`note: ${orphans} endpoint chain${orphans === 1 ? '' : 's'} that no service chain jumps to (stale, or hidden by a filter); see -o json\n`);
  }
}

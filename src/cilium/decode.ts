/**
 * decodeCilium: what one node's Cilium (kube-proxy replacement) does with each service frontend,
 * read back from `cilium-dbg service list` (any table layout), `cilium-dbg service list -o json`
 * or `cilium-dbg bpf lb list`, whole or grep-filtered; the format is told from the content. Pure:
 * the caller reads the file. With `frontends`, only those addresses are read (select.ts), in one
 * pass of byte searches.
 */
import { Buffer } from 'node:buffer';
import { selectServices, type FrontendFilter } from '../dataplane/frontendFilter.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { lineNumbersIn, memoryPass, type DumpPass } from '../kubeproxy/iptables/chunks.ts';
import { lineNumbersOfText, WarningLog, type LineNumbers } from '../kubeproxy/iptables/warningLog.ts';
import { BpfLbListReader } from './bpfLbList.ts';
import { describeFrontends } from './describe.ts';
import { jsonElements, readJsonElement, readServiceObject } from './json.ts';
import { CiliumTable } from './model.ts';
import { selectJsonElements, selectTableLines } from './select.ts';
import { ServiceListReader } from './serviceList.ts';

export type CiliumFormat = 'service-list' | 'json' | 'bpf-lb-list';

export interface CiliumDecodeOptions {
  /** Node name, reported as is. */
  node: string;
  /** Where the dump came from, for messages. */
  source: string;
  /** Decode only the frontends at these addresses. */
  frontends?: FrontendFilter;
}

/** Decodes a dump. Bad lines become warnings; this never throws on any input text. */
export function decodeCilium(text: string, opts: CiliumDecodeOptions): NodeRules {
  if (opts.frontends !== undefined) return decodeCiliumPass(memoryPass(Buffer.from(text)), { ...opts, frontends: opts.frontends });
  const format = detectCiliumFormat(text.slice(0, 65536));
  const log = new WarningLog();
  const table = new CiliumTable();
  if (format === 'json') readJsonText(text, table, log);
  else {
    const reader = tableReader(format, table, log);
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      reader.readLine(text.slice(start, end), start);
      start = end + 1;
    }
    reader.finish?.();
  }
  return describeNode(table, opts, log, lineNumbersOfText(text));
}

/** Decodes the frontends asked about, reading the dump `pass` reads (a file, in chunks). */
export function decodeCiliumPass(pass: DumpPass, opts: CiliumDecodeOptions & { frontends: FrontendFilter }): NodeRules {
  const head = headText(pass);
  const format = detectCiliumFormat(head);
  const log = new WarningLog();
  const table = new CiliumTable();
  if (format === 'json') {
    if (isIndentedJson(head)) {
      const selection = selectJsonElements(pass, opts.frontends);
      // The document is whole when it closes its list, as a cut or `head` of it does not.
      table.sawHeader = selection.closed;
      for (const element of selection.elements) readJsonElement(element, table, log);
    } else readJsonText(allText(pass), table, log);
  } else {
    const reader = tableReader(format, table, log);
    for (const line of selectTableLines(pass, opts.frontends, format)) reader.readLine(line.text, line.offset);
    reader.finish?.();
  }
  return describeNode(table, opts, log, (offsets) => lineNumbersIn(pass, offsets));
}

/**
 * JSON starts with `[` or `{`; `bpf lb list` with its SERVICE ADDRESS header or, grepped, with
 * `(revnat) (slot)` entries and `0.0.0.0:0` master entries; everything else is read as the table.
 */
export function detectCiliumFormat(head: string): CiliumFormat {
  const content = head.trimStart();
  if (content.startsWith('[') || content.startsWith('{')) return 'json';
  if (content.startsWith('SERVICE ADDRESS')) return 'bpf-lb-list';
  if (content.startsWith('ID') || content.startsWith('Frontend') || head.includes('=>')) return 'service-list';
  return /(^|\s)(0\.0\.0\.0|\[::\]):0 \(\d+\)|\(\d+\) \(\d+\)/.test(head) ? 'bpf-lb-list' : 'service-list';
}

interface LineReader {
  readLine(line: string, offset: number): void;
  finish?(): void;
}

function tableReader(format: 'service-list' | 'bpf-lb-list', table: CiliumTable, log: WarningLog): LineReader {
  return format === 'service-list' ? new ServiceListReader(table, log) : new BpfLbListReader(table, log);
}

/** The whole document: a list is every service (`service list`), one object is one (`service get`). */
function readJsonText(text: string, table: CiliumTable, log: WarningLog): void {
  const isList = text.trimStart().startsWith('[');
  const elements = jsonElements(text);
  if (elements !== null) {
    table.sawHeader = isList;
    for (const element of elements) readJsonElement(element, table, log);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    table.skippedFrontend = true;
    return log.warn(0, 'skipped: the document is not valid JSON (a cut or filtered -o json cannot be read)');
  }
  table.sawHeader = Array.isArray(value);
  for (const item of Array.isArray(value) ? value : [value]) readServiceObject(item, 0, table, log);
}

function describeNode(table: CiliumTable, opts: CiliumDecodeOptions, log: WarningLog, lines: LineNumbers): NodeRules {
  const services = describeFrontends(table, log);
  return {
    node: opts.node,
    source: opts.source,
    dataplane: 'cilium',
    routing: { shown: true },
    // A table is whole when its header is there and no row was skipped; JSON when it is a whole list.
    completeness: table.sawHeader && !table.skippedFrontend ? 'complete' : 'filtered',
    services: selectServices(services, opts.frontends),
    orphanEndpoints: [],
    warnings: log.finish(lines),
  };
}

function headText(pass: DumpPass): string {
  for (const { bytes } of pass()) return bytes.toString('utf8', 0, Math.min(bytes.length, 65536));
  return '';
}

function isIndentedJson(head: string): boolean {
  const content = head.trimStart();
  return content.startsWith('[\n  {') || content.startsWith('[\r\n  {') || content.startsWith('[]');
}

function allText(pass: DumpPass): string {
  const parts: string[] = [];
  for (const { bytes } of pass()) parts.push(bytes.toString('utf8'));
  return parts.join('');
}

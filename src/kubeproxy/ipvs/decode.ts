/**
 * decodeIpvsadm: what one node's kube-proxy in IPVS mode does with each virtual service, read back
 * from `ipvsadm -Ln` (any column layout) or `ipvsadm -Sn`, whole or grep-filtered. Pure: the
 * caller reads the file. With `frontends`, only the virtual services at those addresses are read
 * (select.ts), in one pass of byte searches.
 */
import { Buffer } from 'node:buffer';
import { selectServices, type FrontendFilter } from '../../dataplane/frontendFilter.ts';
import type { NodeRules } from '../../dataplane/types.ts';
import { lineNumbersIn, memoryPass, type DumpPass } from '../iptables/chunks.ts';
import { lineNumbersOfText, WarningLog, type LineNumbers } from '../iptables/warningLog.ts';
import { describeVirtualService } from './describe.ts';
import { IpvsReader } from './reader.ts';
import { readIpvsFrontends } from './select.ts';

export interface IpvsDecodeOptions {
  /** Node name, reported as is. */
  node: string;
  /** Where the dump came from, for messages. */
  source: string;
  /** Decode only the virtual services at these addresses. */
  frontends?: FrontendFilter;
}

/** Decodes a dump. Bad lines become warnings; this never throws on any input text. */
export function decodeIpvsadm(text: string, opts: IpvsDecodeOptions): NodeRules {
  if (opts.frontends !== undefined) return decodeIpvsadmPass(memoryPass(Buffer.from(text)), { ...opts, frontends: opts.frontends });
  const log = new WarningLog();
  const reader = new IpvsReader(log);
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    reader.readLine(text.slice(start, end), start);
    start = end + 1;
  }
  return describeNode(reader, opts, log, lineNumbersOfText(text));
}

/** Decodes the virtual services at `frontends`, reading the dump `pass` reads (a file, in chunks). */
export function decodeIpvsadmPass(pass: DumpPass, opts: IpvsDecodeOptions & { frontends: FrontendFilter }): NodeRules {
  const log = new WarningLog();
  const reader = new IpvsReader(log);
  for (const line of readIpvsFrontends(pass, opts.frontends)) reader.readLine(line.text, line.offset);
  return describeNode(reader, opts, log, (offsets) => lineNumbersIn(pass, offsets));
}

function describeNode(reader: IpvsReader, opts: IpvsDecodeOptions, log: WarningLog, lines: LineNumbers): NodeRules {
  const services = [...reader.table.services.values()].map(describeVirtualService);
  return {
    node: opts.node,
    source: opts.source,
    dataplane: 'ipvs',
    routing: { shown: true },
    // Only a whole `ipvsadm -Ln` says it lists every virtual service; `-Ln -t VIP`, a grep, or the
    // rule form (`-Sn`, which has no header) may leave some out, and so does a skipped line.
    completeness: reader.table.sawVersion && !reader.skippedService ? 'complete' : 'filtered',
    services: selectServices(services, opts.frontends),
    orphanEndpoints: [],
    warnings: log.finish(lines),
  };
}

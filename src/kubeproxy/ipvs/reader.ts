/**
 * Reads ipvsadm output line by line into an IpvsTable: a listing (`ipvsadm -Ln`, any column
 * layout, whole or grep-filtered) or rules (`ipvsadm -Sn`). Lines that are neither are reported
 * and skipped; firewall-mark services are reported and skipped too, because kube-proxy never
 * creates one (pkg/proxy/ipvs/proxier.go syncService always sets an address, port and protocol)
 * and a mark names no address a Service could be reached at.
 */
import { quote } from '../../dataplane/quote.ts';
import { HEADER_WINDOW } from '../../dataplane/blocks.ts';
import type { WarningLog } from '../iptables/warningLog.ts';
import { parseRealLine, parseVirtualLine, titleLayout, type Layout } from './listing.ts';
import { parseSavedLine, type SavedServer, type SavedService } from './save.ts';
import { IpvsTable, serviceKey, type VirtualService } from './table.ts';

const VERSION = 'IP Virtual Server version';

export class IpvsReader {
  readonly table = new IpvsTable();
  /** A virtual service line was skipped: the table read is not the whole table. */
  skippedService = false;
  private layout: Layout | null = null;
  /**
   * The service the listing's `->` lines belong to; 'skipped' after a reported (skipped or
   * firewall-mark) service line, whose real servers the report covers.
   */
  private current: VirtualService | 'skipped' | null = null;
  private readonly log: WarningLog;

  constructor(log: WarningLog) {
    this.log = log;
  }

  /** Reads one line (without its newline) that starts at `offset` in the dump. */
  readLine(line: string, offset: number): void {
    const content = line.trim();
    if (content === '' || content.startsWith('#') || /^-+$/.test(content)) {
      this.current = content === '' ? this.current : null;
      return;
    }
    // Headers count in the header window only (HEADER_WINDOW); later ones end the entry above.
    const header = offset < HEADER_WINDOW;
    if (content.startsWith(VERSION)) {
      this.current = null;
      if (header) this.table.sawVersion = true;
      return;
    }
    const title = titleLayout(content);
    if (title !== null) {
      this.current = null;
      if (header) this.layout = title;
      return;
    }
    if (content.startsWith('-> RemoteAddress:Port')) {
      if (header && content.includes('TunnelInfo')) this.layout = 'tunnel';
      return;
    }
    const words = content.split(/\s+/);
    if (words[0] === '->') return this.readReal(words, offset);
    const saved = parseSavedLine(words);
    if (saved !== null) return this.readSaved(saved, offset);
    this.readVirtual(words, offset);
  }

  private readVirtual(words: string[], offset: number): void {
    const parsed = parseVirtualLine(words);
    this.current = 'skipped';
    if (parsed.kind === 'error') return this.skipService(offset, parsed.message);
    if (parsed.kind === 'fwmark') return this.log.warn(offset, fwmarkMessage(parsed.mark));
    const service: VirtualService = { ...parsed, reals: [], whole: this.layout !== null, offset };
    this.addService(service);
    this.current = service;
  }

  private readReal(words: string[], offset: number): void {
    if (this.current === 'skipped') return;
    if (this.current === null) return this.log.warn(offset, 'skipped: a real server with no virtual service line above it');
    const real = parseRealLine(words, this.layout);
    if (typeof real === 'string') {
      // The service's list of real servers is no longer known whole.
      this.current.whole = false;
      return this.log.warn(offset, `skipped: ${real}`);
    }
    this.current.reals.push(real);
  }

  private readSaved(saved: ReturnType<typeof parseSavedLine>, offset: number): void {
    this.current = null;
    if (saved === null) return;
    if (saved.kind === 'error') return this.skipService(offset, saved.message);
    if (saved.kind === 'fwmark') return this.log.warn(offset, fwmarkMessage(saved.mark));
    if (saved.kind === 'service') return this.addService(savedService(saved, offset));
    this.addSavedServer(saved, offset);
  }

  private skipService(offset: number, message: string): void {
    this.skippedService = true;
    this.log.warn(offset, `skipped: ${message}`);
  }

  private addSavedServer(saved: SavedServer, offset: number): void {
    let service = this.table.get(saved.protocol, saved.ip, saved.port);
    if (service === undefined) {
      // The `-A` line was filtered out: the servers seen may not be all of them.
      service = { protocol: saved.protocol, ip: saved.ip, port: saved.port, scheduler: null, persistent: null, reals: [], whole: false, offset };
      this.table.add(service);
    }
    service.reals.push({ ...saved.real, forward: saved.forward, weight: saved.weight, connections: null });
  }

  private addService(service: VirtualService): void {
    if (this.table.add(service) === undefined) return;
    this.log.warn(service.offset, `virtual service ${serviceKey(service.protocol, service.ip, service.port)} listed again: this listing replaces the earlier one`);
  }
}

function savedService(saved: SavedService, offset: number): VirtualService {
  return { protocol: saved.protocol, ip: saved.ip, port: saved.port, scheduler: saved.scheduler, persistent: saved.persistent, reals: [], whole: true, offset };
}

function fwmarkMessage(mark: string): string {
  return `skipped: firewall-mark virtual service ${quote(mark)}: kube-proxy makes none, and a mark names no address a Service is reached at`;
}

/**
 * `cilium-dbg service list` (and the older `cilium service list`, and `service get`): a tabwriter
 * table, one row per frontend and one more line per further backend (cilium-dbg/cmd/service_list.go
 * printServiceList). Every layout in the field:
 *
 *   ID   Frontend          Service Type   Backend                              2022-2025
 *   4    10.96.95.246:80   ClusterIP      1 => 10.244.0.58:80 (quarantined)
 *                                         2 => 10.244.1.59:80 (active)
 *   2    10.96.0.10:53/TCP ClusterIP      1 => 10.244.1.69:53/TCP (active)     with the protocol (2026)
 *   Frontend          Service Type   Backend                                  newest: no ID column
 *   10.0.0.2:80:TCP   NodePort       1 => 172.29.0.3:80 (active)
 *   ID   Frontend               Backend                                        before the type column
 *   3    10.96.0.10:53          1 => 10.15.35.129:53                           and backend states
 *
 * with ` (Remote)` after the type for ClusterMesh services of another cluster and ` (preferred)`
 * after the state with --clustermesh-affinity. Rows and backend lines are told apart by shape: a
 * backend line is `N => address ...` and nothing else.
 */
import { quote } from '../dataplane/quote.ts';
import { HEADER_WINDOW } from '../dataplane/blocks.ts';
import type { WarningLog } from '../kubeproxy/iptables/warningLog.ts';
import { backendState, parseFrontendAddress } from './address.ts';
import { parseAddressPort } from '../dataplane/address.ts';
import { addressKey, type CiliumBackend, type CiliumFrontend, type CiliumTable } from './model.ts';

const TYPES = new Set(['ClusterIP', 'NodePort', 'ExternalIPs', 'HostPort', 'LoadBalancer', 'LocalRedirect']);

export class ServiceListReader {
  private current: CiliumFrontend | 'skipped' | null = null;
  private readonly table: CiliumTable;
  private readonly log: WarningLog;

  constructor(table: CiliumTable, log: WarningLog) {
    this.table = table;
    this.log = log;
  }

  readLine(line: string, offset: number): void {
    const words = line.trim().split(/\s+/);
    const first = words[0] ?? '';
    if (first === '' || first.startsWith('#') || /^-+$/.test(first)) {
      if (first !== '') this.current = null;
      return;
    }
    if (first === 'ID' || first === 'Frontend') {
      // A header counts in the header window only (HEADER_WINDOW); a later one ends the row above.
      this.current = null;
      if (offset < HEADER_WINDOW) this.table.sawHeader = true;
      return;
    }
    if (words[1] === '=>') return this.readBackendLine(words, offset);
    this.readRow(words, offset);
  }

  private readRow(words: string[], offset: number): void {
    this.current = 'skipped';
    let at = /^\d+$/.test(words[0] ?? '') && (words[1] ?? '').includes(':') ? 1 : 0;
    const address = parseFrontendAddress(words[at] ?? '');
    if (address === null) return this.skip(offset, `${quote(words[at] ?? '')} is not a Cilium frontend address`);
    at++;
    let kind: string | null = null;
    if (TYPES.has(words[at] ?? '')) {
      kind = words[at] ?? null;
      at++;
      if (words[at] === '(Remote)') {
        kind = `${kind} (Remote)`;
        at++;
      }
    }
    const frontend: CiliumFrontend = { address, kind, service: null, backends: [], whole: this.table.sawHeader, selectable: true, policy: null, offset };
    if (this.table.add(frontend) !== undefined) this.log.warn(offset, `frontend ${addressKey(address)} listed again: this listing replaces the earlier one`);
    this.current = frontend;
    if (at < words.length) this.readBackend(words.slice(at), offset);
  }

  private readBackendLine(words: string[], offset: number): void {
    if (this.current === 'skipped') return;
    if (this.current === null) return this.log.warn(offset, 'skipped: a backend line with no frontend row above it');
    this.readBackend(words, offset);
  }

  /** `N => address (state) (preferred)`. */
  private readBackend(words: string[], offset: number): void {
    const frontend = this.current;
    if (frontend === null || frontend === 'skipped') return;
    const [number = '', arrow, addressText = '', ...marks] = words;
    const address = parseAddressPort(addressText);
    if (arrow !== '=>' || !/^\d+$/.test(number) || address === null) {
      frontend.whole = false;
      return this.log.warn(offset, `skipped: not a backend: expected "N => IP:port", got ${quote(words.slice(0, 3).join(' '))}`);
    }
    // Backends are numbered 1..n in order (printServiceList `i+1`): a gap is backends filtered out.
    if (Number(number) !== frontend.backends.length + 1) {
      frontend.whole = false;
      this.log.warn(offset, `backend ${number} follows backend ${frontend.backends.length}: the lines between are missing`);
    }
    const backend: CiliumBackend = { ip: address.ip, port: address.port };
    for (const mark of marks) {
      const state = backendState(mark);
      if (state !== null) backend.state = state;
      else if (mark === '(preferred)') backend.preferred = true;
    }
    frontend.backends.push(backend);
  }

  private skip(offset: number, message: string): void {
    this.table.skippedFrontend = true;
    this.log.warn(offset, `skipped: ${message}`);
  }

}

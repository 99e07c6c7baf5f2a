/**
 * `cilium-dbg bpf lb list` (and the older `cilium bpf lb list`): the BPF service map itself, one
 * row per service key with its slots (cilium-dbg/cmd/bpf_lb_list.go dumpSVC):
 *
 *   SERVICE ADDRESS     BACKEND ADDRESS (REVNAT_ID) (SLOT)
 *   10.96.0.1:443       172.18.0.3:6443 (1) (1)                              2024 (cilium PR #31503)
 *                       0.0.0.0:0 (1) (0) [ClusterIP, non-routable]
 *   10.96.0.10:53/UDP   10.244.1.69:53/UDP (2) (1)                          with the protocol
 *   10.43.212.93:8443   10.42.3.158:8443 (7)                                 2020: no slot
 *                       0.0.0.0:0 (7) [ClusterIP]
 *
 * Slot 0 is the service's master entry (`0.0.0.0:0` or `[::]:0`) carrying the flags
 * (ServiceFlags.String: the type, `Local`, `InternalLocal`, `two-scopes`, `sessionAffinity`,
 * `non-routable`, ...); slots 1..n are backends, in map order, not sorted; a slot whose backend ID
 * is missing from the backend map prints `backend N not found`. Service keys print `/i` for the
 * internal scope (lbmap Service4Key.String), newer ones also ` (slot)`.
 *
 * What the map view does not show: the backends' states and the master entry's count (how many
 * slots are selectable; the rest are the quarantined/inactive ones, bpf_reconciler.go
 * upsertMaster). So shares are unknown here, and the listing is for which backends the datapath
 * holds; `cilium-dbg service list` has the states.
 */
import { parseAddressPort } from '../dataplane/address.ts';
import { quote } from '../dataplane/quote.ts';
import { HEADER_WINDOW } from '../dataplane/blocks.ts';
import type { WarningLog } from '../kubeproxy/iptables/warningLog.ts';
import { backendState, parseFrontendAddress } from './address.ts';
import { addressKey, type CiliumBackend, type CiliumFrontend, type CiliumTable } from './model.ts';

const SLOT = /^\(\d+\)$/;

export class BpfLbListReader {
  private current: CiliumFrontend | 'skipped' | null = null;
  /** Slots seen per frontend, for sorting backends by slot once read. */
  private readonly slots = new Map<CiliumFrontend, number[]>();
  private readonly table: CiliumTable;
  private readonly log: WarningLog;

  constructor(table: CiliumTable, log: WarningLog) {
    this.table = table;
    this.log = log;
  }

  readLine(line: string, offset: number): void {
    const content = line.trim();
    if (content === '' || content.startsWith('#') || /^-+$/.test(content)) {
      if (content !== '') this.current = null;
      return;
    }
    if (content.startsWith('SERVICE ADDRESS')) {
      // A header counts in the header window only (HEADER_WINDOW); a later one ends the row above.
      this.current = null;
      if (offset < HEADER_WINDOW) this.table.sawHeader = true;
      return;
    }
    const words = content.split(/\s+/);
    if (/^\s/.test(line)) return this.readSlotLine(words, offset);
    this.readRow(words, offset);
  }

  /** Orders each frontend's backends by slot where slots are printed. */
  finish(): void {
    for (const [frontend, slots] of this.slots) {
      if (slots.length !== frontend.backends.length) continue;
      const order = frontend.backends.map((backend, i) => ({ backend, slot: slots[i] ?? 0 }));
      order.sort((a, b) => a.slot - b.slot);
      frontend.backends = order.map((entry) => entry.backend);
    }
  }

  private readRow(words: string[], offset: number): void {
    const [key = '', ...rest] = words;
    const address = parseFrontendAddress(key);
    this.current = 'skipped';
    if (address === null) {
      this.table.skippedFrontend = true;
      return this.log.warn(offset, `skipped: ${quote(key)} is not a Cilium service address`);
    }
    const existing = this.table.frontends.get(addressKey(address));
    // Newer agents print each slot's key with ` (slot)`, one row per slot: rows of one key join up.
    const frontend: CiliumFrontend = existing ?? { address, kind: null, service: null, backends: [], whole: this.table.sawHeader, selectable: false, policy: null, offset };
    if (existing === undefined) this.table.add(frontend);
    this.current = frontend;
    const slotEntry = SLOT.test(rest[0] ?? '') ? rest.slice(1) : rest;
    if (slotEntry.length > 0) this.readSlotLine(slotEntry, offset);
  }

  private readSlotLine(words: string[], offset: number): void {
    const frontend = this.current;
    if (frontend === 'skipped') return;
    if (frontend === null) return this.log.warn(offset, 'skipped: a slot line with no service address row above it');
    if (words[0] === 'backend' && words[2] === 'not' && words[3] === 'found') {
      this.log.warn(offset, `slot refers to backend ${quote(words[1] ?? '')}, which the backend map does not hold`);
      return this.addBackend(frontend, { ip: null, port: null }, words);
    }
    const address = parseAddressPort(words[0] ?? '');
    if (address === null) {
      frontend.whole = false;
      return this.log.warn(offset, `skipped: ${quote(words[0] ?? '')} is not a backend address`);
    }
    if (isMaster(address.ip, address.port)) return this.readMaster(frontend, words.slice(1).join(' '));
    const backend: CiliumBackend = { ip: address.ip, port: address.port };
    for (const word of words.slice(1)) {
      const state = backendState(word);
      if (state !== null) backend.state = state;
    }
    this.addBackend(frontend, backend, words);
  }

  private addBackend(frontend: CiliumFrontend, backend: CiliumBackend, words: string[]): void {
    frontend.backends.push(backend);
    const slot = slotOf(words);
    const slots = this.slots.get(frontend) ?? [];
    if (slot !== null) slots.push(slot);
    this.slots.set(frontend, slots);
  }

  /** `(revnat) (0) [ClusterIP, InternalLocal, non-routable] (L7LB Proxy Port: N)`. */
  private readMaster(frontend: CiliumFrontend, rest: string): void {
    const open = rest.indexOf('[');
    const close = rest.indexOf(']', open + 1);
    if (open < 0 || close < 0) return;
    const flags = rest.slice(open + 1, close).split(',').map((flag) => flag.trim());
    frontend.kind = flags[0] ?? null;
    frontend.policy = { externalLocal: flags.includes('Local'), internalLocal: flags.includes('InternalLocal') };
    if (flags.includes('l7-load-balancer')) frontend.l7Proxy = true;
  }
}

function isMaster(ip: string, port: number): boolean {
  return port === 0 && (ip === '0.0.0.0' || ip === '::');
}

/** The last `(N)` of a backend entry: `(revnat) (slot)`; null in the older `(revnat)`-only form. */
function slotOf(words: string[]): number | null {
  const numbers = words.filter((word) => SLOT.test(word));
  return numbers.length >= 2 ? Number(numbers[1]?.slice(1, -1)) : null;
}

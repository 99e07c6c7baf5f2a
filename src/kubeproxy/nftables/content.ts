/**
 * Puts one rule, one element list or one set property into the model, for either reader. Objects
 * kube-proxy writes but that say nothing about where a service port's traffic goes (nodeport-ips,
 * hairpin-connections, the affinity sets' own entries) are read past without a word.
 */
import type { WarningLog } from '../iptables/warningLog.ts';
import { dispatchElement, isDispatchMap, splitElements } from './elements.ts';
import { chainOf, noteRule, type TableModel } from './model.ts';
import { parseKubeProxyName } from './names.ts';
import { readRule, type RuleReading } from './rule.ts';
import { bareRule, parseNftDuration } from './text.ts';

/** Sets whose elements carry nothing the decoder needs. */
const QUIET_SETS = new Set(['nodeport-ips', 'hairpin-connections']);

export const CLUSTER_IPS = 'cluster-ips';

export function addRule(table: TableModel, chain: string, offset: number, text: string, log: WarningLog): void {
  const { text: bare } = bareRule(text);
  if (bare === '') return;
  const result = readRule(bare);
  if (!result.ok) return log.warn(offset, `skipped: ${result.error} in chain ${chain}`);
  const stranger = strangerTo(chain, result.rule);
  if (stranger !== null) return log.warn(offset, `skipped: ${stranger}, so it is not a rule of ${chain} (its own chain header is not in the dump)`);
  noteRule(table, result.rule);
  chainOf(table, chain).rules.push({ offset, rule: result.rule });
}

/**
 * Why a rule cannot be one kube-proxy wrote in `chain`, or null. In a grep of `nft list` output a
 * rule line sits under the last chain header the grep kept, which need not be its own; kube-proxy's
 * names say what a chain may hold: an endpoint chain DNATs to the address in its name, and a
 * service's chains balance over that service port's endpoint chains, for its protocol.
 */
function strangerTo(chain: string, rule: RuleReading): string | null {
  const name = parseKubeProxyName(chain);
  if (name === null || name.port === null) return null;
  const action = rule.action;
  const protocol = rule.matches.find((match) => match.operand === 'meta l4proto')?.value;
  if (protocol !== undefined && protocol !== name.port.protocol) return `it is for ${protocol}`;
  if (name.kind === 'endpoint' && action.kind === 'dnat' && action.dnat.kind === 'address' && name.endpoint !== null) {
    const { ip, port } = action.dnat.address;
    if (`${ip.replaceAll(':', '.')}/${port}` !== name.endpoint) return `it DNATs to ${ip} port ${port}`;
  }
  if (action.kind === 'balance') {
    for (const slot of action.balancing.slots) {
      const target = slot.target.kind === 'chain' ? parseKubeProxyName(slot.target.chain) : null;
      if (target?.port !== null && target?.port !== undefined && target.port.key !== name.port.key) return `it sends to ${target.port.key}`;
    }
  }
  return null;
}

/** `map` is the set or map the elements belong to, or null when no header said (grep). */
export function addElements(table: TableModel, map: string | null, offset: number, list: string, log: WarningLog): void {
  if (map !== null && (QUIET_SETS.has(map) || map.startsWith('affinity-'))) return;
  const elements = splitElements(list);
  if (elements.length === 0 && list.trim() !== '') return log.warn(offset, `skipped: unrecognised element "${list.trim().slice(0, 80)}"`);
  for (const element of elements) {
    if (map === CLUSTER_IPS) {
      const [ip] = element.key;
      if (element.key.length === 1 && ip !== undefined) table.clusterIPs.add(ip);
      continue;
    }
    if (map !== null && !isDispatchMap(map)) return; // a map kube-proxy does not write
    const found = dispatchElement(element, map);
    if (found === null) {
      // A lone address in a grep is a set element (cluster-ips, nodeport-ips): nothing to decode.
      if (map === null && element.key.length === 1 && element.value === null) continue;
      log.warn(offset, `skipped: unrecognised element "${element.key.join(' . ')}${element.value === null ? '' : ` : ${element.value}`}"`);
      continue;
    }
    table.elements.push({ offset, element: found });
  }
}

/** The `timeout` of an affinity set (kube-proxy gives each one the service's stickyMaxAgeSeconds). */
export function addSetTimeout(table: TableModel, set: string, timeoutText: string | null): void {
  if (!set.startsWith('affinity-')) return;
  const seconds = timeoutText === null ? null : parseNftDuration(timeoutText);
  table.affinity.set(set, seconds ?? table.affinity.get(set) ?? null);
}

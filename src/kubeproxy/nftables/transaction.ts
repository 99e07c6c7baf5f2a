/**
 * Reads kube-proxy's transaction form: what its unit tests print as expected output
 * (pkg/proxy/nftables/proxier_test.go, via knftables Fake.Dump) and what `nft -f` takes, and what
 * kube-proxy logs at -v=9 ("Running nftables transaction"):
 *
 *   add table ip kube-proxy { comment "rules for kube-proxy" ; }
 *   add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
 *   add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { ... }
 *   add set ip kube-proxy affinity-... { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
 *   add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-... }
 *
 * (knftables objects.go writeOperation). Lines apply in order, so a transaction that flushes or
 * deletes what an earlier line added leaves what it would leave in the kernel. Every line names
 * its table, so a grep of this form keeps all it needs.
 */
import type { WarningLog } from '../iptables/warningLog.ts';
import { addElements, addRule, addSetTimeout, CLUSTER_IPS } from './content.ts';
import { isDispatchMap, splitElements } from './elements.ts';
import { chainOf, deleteElements, type DumpModel, type TableModel } from './model.ts';

const VERBS = new Set(['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush']);
const OBJECTS = new Set(['table', 'chain', 'rule', 'set', 'map', 'element', 'flowtable', 'counter']);

/** Whether a (trimmed) line is a transaction command, e.g. `add rule ip kube-proxy ...`. */
export function isTransactionLine(trimmed: string): boolean {
  const space = trimmed.indexOf(' ');
  if (space < 0 || !VERBS.has(trimmed.slice(0, space))) return false;
  const second = trimmed.indexOf(' ', space + 1);
  return OBJECTS.has(second < 0 ? trimmed.slice(space + 1) : trimmed.slice(space + 1, second));
}

export function readTransactionLine(model: DumpModel, offset: number, trimmed: string, log: WarningLog): void {
  const parts = trimmed.split(' ');
  const [verb = '', object = '', family, tableName] = parts;
  if (family !== 'ip' && family !== 'ip6') return;
  if (tableName !== 'kube-proxy') {
    if (object === 'table') model.otherTables.push(`${family} ${tableName ?? ''}`);
    return;
  }
  const table = model.table(family);
  const name = parts[4] ?? '';
  const rest = parts.slice(5).join(' ');
  const adds = verb === 'add' || verb === 'create' || verb === 'insert';
  const removes = verb === 'delete' || verb === 'destroy';
  if (object === 'table') {
    if (adds) table.declared = true;
    else if (removes) model.tables.delete(family);
    return;
  }
  if (name === '') return log.warn(offset, `skipped: "${trimmed.slice(0, 80)}" names no object`);
  if (object === 'chain') return chainCommand(table, verb, name);
  if (object === 'rule') return ruleCommand(table, verb, offset, name, rest, log);
  if (object === 'set' || object === 'map') return setCommand(table, verb, name, rest);
  if (object === 'element') return elementCommand(table, verb, offset, name, rest, log);
}

function chainCommand(table: TableModel, verb: string, name: string): void {
  if (verb === 'delete' || verb === 'destroy') table.chains.delete(name);
  else if (verb === 'flush') chainOf(table, name).rules.length = 0;
  else chainOf(table, name).declared = true;
}

function ruleCommand(table: TableModel, verb: string, offset: number, chain: string, rest: string, log: WarningLog): void {
  if (verb !== 'add' && verb !== 'insert') return log.warn(offset, `skipped: "${verb} rule" cannot be replayed without rule handles`);
  const text = withoutPosition(rest);
  const rules = chainOf(table, chain).rules;
  const before = rules.length;
  addRule(table, chain, offset, text, log);
  if (verb === 'insert' && rules.length > before) rules.unshift(...rules.splice(before, 1));
}

/** `index N`, `handle N` or `position N` before the rule text. */
function withoutPosition(rest: string): string {
  const [first, second] = rest.split(' ', 2);
  const positioned = (first === 'index' || first === 'handle' || first === 'position') && /^\d+$/.test(second ?? '');
  return positioned ? rest.slice(first.length + (second ?? '').length + 2) : rest;
}

function setCommand(table: TableModel, verb: string, name: string, rest: string): void {
  if (verb === 'flush' || verb === 'delete' || verb === 'destroy') {
    if (name === CLUSTER_IPS) table.clusterIPs.clear();
    if (isDispatchMap(name)) deleteElements(table, name, () => true);
    if (verb !== 'flush') table.affinity.delete(name);
    return;
  }
  // { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
  const timeout = rest.split(';').map((part) => part.replace('{', '').trim()).find((part) => part.startsWith('timeout '));
  addSetTimeout(table, name, timeout === undefined ? null : timeout.slice(8).trim());
}

function elementCommand(table: TableModel, verb: string, offset: number, map: string, rest: string, log: WarningLog): void {
  const open = rest.indexOf('{');
  const close = rest.lastIndexOf('}');
  if (open < 0 || close < open) return log.warn(offset, `skipped: element of ${map} without { ... }`);
  const list = rest.slice(open + 1, close);
  if (verb !== 'delete' && verb !== 'destroy') return addElements(table, map, offset, list, log);
  for (const element of splitElements(list)) {
    if (map === CLUSTER_IPS) table.clusterIPs.delete(element.key[0] ?? '');
    else if (isDispatchMap(map)) deleteElements(table, map, (found) => sameKey(found.ip, found.protocol, found.port, element.key));
  }
}

function sameKey(ip: string | null, protocol: string, port: number, key: string[]): boolean {
  const expected = ip === null ? [protocol, String(port)] : [ip, protocol, String(port)];
  return expected.length === key.length && expected.every((part, i) => part === key[i]);
}

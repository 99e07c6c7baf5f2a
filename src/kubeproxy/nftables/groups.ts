/**
 * Gathers what belongs to each service port of one table: its service-, local-, external- and
 * firewall- chains (their names carry `ns/name/protocol/port`, see names.ts), and the dispatch-map
 * elements that lead to them. No-endpoint elements lead to no chain; kube-proxy names their
 * service port in the element comment instead (proxier.go: `Comment: &svcPortNameString`).
 */
import type { WarningLog } from '../iptables/warningLog.ts';
import type { ElementModel, TableModel } from './model.ts';
import { parseKubeProxyName, portFromComment, type PortName } from './names.ts';

export type PolicyKind = 'service' | 'local' | 'external' | 'firewall';

export const POLICY_KINDS: readonly PolicyKind[] = ['service', 'local', 'external', 'firewall'];

export interface PortGroup {
  port: PortName;
  /** Chain names by kind, declared in the dump or only named by a jump or element. */
  chains: Map<PolicyKind, string>;
  elements: ElementModel[];
}

export function collectGroups(table: TableModel, log: WarningLog): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  const groupOf = (port: PortName): PortGroup => {
    let group = groups.get(port.key);
    if (group === undefined) {
      group = { port, chains: new Map(), elements: [] };
      groups.set(port.key, group);
    }
    return group;
  };
  const addChain = (name: string): PortGroup | null => {
    const parsed = parseKubeProxyName(name);
    if (parsed === null || parsed.port === null || parsed.kind === 'endpoint' || parsed.kind === 'affinity') return null;
    const group = groupOf(parsed.port);
    group.chains.set(parsed.kind, name);
    return group;
  };
  for (const name of table.chains.keys()) addChain(name);
  for (const model of table.elements) {
    const { element } = model;
    if (element.verdict.kind === 'goto') {
      const group = addChain(element.verdict.chain);
      if (group === null) log.warn(model.offset, `skipped: element of ${element.map} goes to ${element.verdict.chain}, which is no service port chain`);
      else group.elements.push(model);
      continue;
    }
    const port = element.comment === null ? null : portFromComment(element.comment, element.protocol);
    if (port === null) log.warn(model.offset, `skipped: element of ${element.map} names no service port (no "ns/name:port" comment)`);
    else groupOf(port).elements.push(model);
  }
  return groups;
}

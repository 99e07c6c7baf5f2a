/**
 * `--node-dump NODE=FILE`: a node's dataplane output, served back by exec in that node's agent
 * pod. The file's format says which agent holds it and which command printed it:
 *   iptables-save output (IPv4 or IPv6 addresses)  kube-proxy  iptables-save / ip6tables-save [-t TABLE]
 *   nft list output (`table ip|ip6 kube-proxy {`)  kube-proxy  nft list table ip|ip6 kube-proxy, nft list ruleset
 *   cilium-dbg service list [-o json]               cilium      cilium-dbg service list [-o json]
 *   cilium-dbg status (`KubeProxyReplacement:`)     cilium      cilium-dbg status
 * ipvsadm output is refused: the kube-proxy image has no ipvsadm, so no exec could print it.
 */
import { readFileSync } from 'node:fs';
import { detectDumpFormat } from '../../src/kubeproxy/detect.ts';

export type DumpKind = 'iptables' | 'ip6tables' | 'nftables' | 'cilium-service-json' | 'cilium-service-text' | 'cilium-status';
export type AgentKind = 'kube-proxy' | 'cilium';

export interface NodeDump {
  node: string;
  file: string;
  kind: DumpKind;
  text: string;
}

export function agentOf(kind: DumpKind): AgentKind {
  return kind.startsWith('cilium') ? 'cilium' : 'kube-proxy';
}

/** `NODE=FILE`, as `--dataplane`/`--iptables` take it. */
export function parseNodeDumpSpec(spec: string): { node: string; file: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new Error(`--node-dump "${spec}": expected NODE=FILE`);
  return { node: spec.slice(0, eq), file: spec.slice(eq + 1) };
}

export function readNodeDump(node: string, file: string): NodeDump {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`--node-dump ${node}=${file}: cannot read the file`);
  }
  return { node, file, kind: dumpKindOf(text, `--node-dump ${node}=${file}`), text };
}

export function dumpKindOf(text: string, source: string): DumpKind {
  if (/^KubeProxyReplacement:\s/m.test(text)) return 'cilium-status';
  if (/^\s*(?:ID\s+)?Frontend\s+Service Type\s+Backend\s*$/m.test(text)) return 'cilium-service-text';
  if (isCiliumServiceJson(text)) return 'cilium-service-json';
  const format = detectDumpFormat(text);
  if (format === 'iptables') return /\s-[ds] [0-9a-f]*:[0-9a-f:]*\/\d+|--to-destination \[/i.test(text) ? 'ip6tables' : 'iptables';
  if (format === 'nftables') return 'nftables';
  if (format === 'ipvs') throw new Error(`${source}: ipvsadm output cannot be served: the kube-proxy image has no ipvsadm (serve the node's iptables-save instead)`);
  throw new Error(`${source}: not iptables-save, nft list, cilium-dbg service list or cilium-dbg status output`);
}

/** `cilium-dbg service list -o json`: an array of {spec: {"frontend-address": ...}} (api/v1 models.Service). */
function isCiliumServiceJson(text: string): boolean {
  if (!text.trimStart().startsWith('[')) return false;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'object' && s !== null && 'spec' in s);
  } catch {
    return false;
  }
}

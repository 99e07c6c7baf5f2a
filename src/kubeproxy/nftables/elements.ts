/**
 * Elements of kube-proxy's dispatch maps and sets (pkg/proxy/nftables/proxier.go syncProxyRules):
 *
 *   service-ips            IP . proto . port  : goto service-… | local-… (cluster IP) | external-…
 *   service-nodeports      proto . port       : goto external-…
 *   firewall-ips           IP . proto . port  : goto firewall-…
 *   no-endpoint-services   IP . proto . port comment "ns/svc:port" : goto reject-chain | drop
 *   no-endpoint-nodeports  proto . port      comment "ns/svc:port" : goto reject-chain | drop
 *   cluster-ips            IP
 *
 * The key's arity and the verdict alone tell these maps apart, so an element keeps its meaning in a
 * grep that dropped the `map ... {` line above it.
 */
import type { L4Protocol } from '../../dataplane/types.ts';
import { parsePort } from '../hostPort.ts';
import { parseNftDuration, splitTopLevel } from './text.ts';

export type MapKind = 'service-ips' | 'service-nodeports' | 'firewall-ips' | 'no-endpoint-services' | 'no-endpoint-nodeports';

export const DISPATCH_MAPS: readonly MapKind[] = ['service-ips', 'service-nodeports', 'firewall-ips', 'no-endpoint-services', 'no-endpoint-nodeports'];

export function isDispatchMap(name: string): name is MapKind {
  return (DISPATCH_MAPS as readonly string[]).includes(name);
}

export type ElementVerdict = { kind: 'goto'; chain: string } | { kind: 'drop' } | { kind: 'reject' };

export interface MapElement {
  map: MapKind;
  /** null for a node port key (`proto . port`). */
  ip: string | null;
  protocol: L4Protocol;
  port: number;
  /** The `ns/svc:port` comment kube-proxy puts on no-endpoint elements. */
  comment: string | null;
  verdict: ElementVerdict;
}

/** One element's text: `KEY [comment "..."] [timeout T] [expires E] [: VALUE]`. */
export interface ElementText {
  key: string[];
  comment: string | null;
  value: string | null;
  timeout: number | null;
}

/** The elements of an element list (`a . tcp . 80 : goto x, b . udp . 53 : drop`). */
export function splitElements(list: string): ElementText[] {
  const elements: ElementText[] = [];
  for (const piece of splitTopLevel(list)) {
    const element = elementText(piece);
    if (element !== null) elements.push(element);
  }
  return elements;
}

function elementText(piece: string): ElementText | null {
  let rest = piece;
  let value: string | null = null;
  const colon = lastTopLevelColon(rest);
  if (colon >= 0) {
    value = rest.slice(colon + 3).trim();
    rest = rest.slice(0, colon);
  }
  let comment: string | null = null;
  const open = rest.indexOf(' comment "');
  if (open >= 0) {
    const close = rest.indexOf('"', open + 10);
    if (close < 0) return null;
    comment = rest.slice(open + 10, close);
    rest = rest.slice(0, open) + rest.slice(close + 1);
  }
  let timeout: number | null = null;
  const words = rest.trim().split(/\s+/);
  const keyEnd = words.findIndex((word) => word === 'timeout' || word === 'expires');
  if (keyEnd >= 0 && words[keyEnd] === 'timeout') timeout = parseNftDuration(words[keyEnd + 1] ?? '');
  const key = (keyEnd >= 0 ? words.slice(0, keyEnd) : words).join(' ').split(' . ');
  if (key.some((part) => part === '' || part.includes(' '))) return null;
  return { key, comment, value, timeout };
}

/** ` : ` outside quotes; an IPv6 key has colons, but never with spaces around them. */
function lastTopLevelColon(text: string): number {
  let quoted = false;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ':' && text.charAt(i - 1) === ' ' && text.charAt(i + 1) === ' ') found = i - 1;
  }
  return found;
}

/** The dispatch-map element `element` is, by its shape (and `map` when the header said it). */
export function dispatchElement(element: ElementText, map: string | null): MapElement | null {
  const verdict = verdictOf(element.value);
  if (verdict === null) return null;
  const withIp = element.key.length === 3;
  if (!withIp && element.key.length !== 2) return null;
  const [first, second, third] = element.key;
  const protocol = withIp ? second : first;
  const portText = withIp ? third : second;
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') return null;
  const port = parsePort(portText ?? '');
  if (port === null) return null;
  const kind = kindOf(withIp, verdict);
  if (kind === null || (map !== null && map !== kind)) return null;
  return { map: kind, ip: withIp ? (first ?? null) : null, protocol, port, comment: element.comment, verdict };
}

function verdictOf(value: string | null): ElementVerdict | null {
  if (value === 'drop') return { kind: 'drop' };
  if (value === 'goto reject-chain' || value === 'jump reject-chain') return { kind: 'reject' };
  if (value?.startsWith('goto ') === true) {
    const chain = value.slice(5).trim();
    return chain === '' || chain.includes(' ') ? null : { kind: 'goto', chain };
  }
  return null;
}

function kindOf(withIp: boolean, verdict: ElementVerdict): MapKind | null {
  if (verdict.kind !== 'goto') return withIp ? 'no-endpoint-services' : 'no-endpoint-nodeports';
  const chain = verdict.chain;
  if (chain.startsWith('firewall-')) return withIp ? 'firewall-ips' : null;
  if (chain.startsWith('external-')) return withIp ? 'service-ips' : 'service-nodeports';
  if (chain.startsWith('service-') || chain.startsWith('local-')) return withIp ? 'service-ips' : null;
  return null;
}

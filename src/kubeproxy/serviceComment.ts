/**
 * The service a kube-proxy rule comment names. kube-proxy writes `proxy.ServicePortName.String()`
 * (`ns/name:port`, or `ns/name` for an unnamed port; releases before ~1.20 wrote `ns/name:`)
 * at the start of most comments, followed by what the rule is for
 * (pkg/proxy/iptables/proxier.go syncProxyRules, writeServiceToEndpointRules).
 */

export type CommentKind =
  /** `ns/svc:port cluster IP` (nat KUBE-SERVICES, and the masquerade rule in KUBE-SVC). */
  | 'clusterIP'
  | 'externalIP'
  | 'loadBalancer'
  /** `ns/svc:port has no endpoints`: filter REJECT. */
  | 'noEndpoints'
  /** `ns/svc:port has no local endpoints`: filter DROP (or nat KUBE-MARK-DROP before 1.25). */
  | 'noLocalEndpoints'
  /** `ns/svc:port -> 10.0.0.1:80` on a jump to an endpoint chain (1.24+). */
  | 'endpoint'
  /** Just `ns/svc:port` (KUBE-NODEPORTS, KUBE-SEP-*, and service → endpoint jumps before 1.24). */
  | 'plain'
  /** The name appears inside another sentence ("masquerade traffic for ns/svc:port ..."). */
  | 'other';

export interface ServiceComment {
  /** "namespace/name". */
  service: string;
  /** Port name, "" when unnamed (with or without the old trailing colon). */
  port: string;
  /** The name exactly as written, the input of kube-proxy's chain hash. */
  servicePortName: string;
  kind: CommentKind;
  /** For kind 'endpoint': the `ip:port` after the arrow. */
  endpoint: string | null;
}

const SERVICE_PORT_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*\/[A-Za-z0-9][-A-Za-z0-9_.]*(:[-A-Za-z0-9_.]*)?$/;

const SUFFIXES: readonly (readonly [string, CommentKind])[] = [
  [' cluster IP', 'clusterIP'],
  [' external IP', 'externalIP'],
  [' loadbalancer IP', 'loadBalancer'],
  [' has no endpoints', 'noEndpoints'],
  [' has no local endpoints', 'noLocalEndpoints'],
];

/** The service port a comment is about, or null when it names none. */
export function parseServiceComment(comment: string): ServiceComment | null {
  const space = comment.indexOf(' ');
  const first = space < 0 ? comment : comment.slice(0, space);
  if (first.includes('/')) {
    if (!SERVICE_PORT_NAME.test(first)) return null;
    return { ...splitName(first), kind: kindOf(comment.slice(first.length)), endpoint: endpointOf(comment, first) };
  }
  // "masquerade traffic for ns/svc:port external destinations", "Balancing rule 0 for ns/svc:port"
  for (const word of comment.split(' ')) {
    if (word.includes('/') && SERVICE_PORT_NAME.test(word)) return { ...splitName(word), kind: 'other', endpoint: null };
  }
  return null;
}

function splitName(servicePortName: string): { service: string; port: string; servicePortName: string } {
  const colon = servicePortName.indexOf(':');
  if (colon < 0) return { service: servicePortName, port: '', servicePortName };
  return { service: servicePortName.slice(0, colon), port: servicePortName.slice(colon + 1), servicePortName };
}

function kindOf(rest: string): CommentKind {
  if (rest === '') return 'plain';
  if (rest.startsWith(' -> ')) return 'endpoint';
  for (const [suffix, kind] of SUFFIXES) if (rest === suffix) return kind;
  return 'other';
}

function endpointOf(comment: string, first: string): string | null {
  return comment.startsWith(' -> ', first.length) ? comment.slice(first.length + 4).trim() : null;
}

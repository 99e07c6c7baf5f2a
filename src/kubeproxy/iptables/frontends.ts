/**
 * The addresses a service port is reached on, from the entry rules kube-proxy writes
 * (pkg/proxy/iptables/proxier.go syncProxyRules): nat KUBE-SERVICES `"<spn> cluster IP"`,
 * `"<spn> external IP"`, `"<spn> loadbalancer IP"` with `-d <ip> --dport <port>`, and nat
 * KUBE-NODEPORTS `"<spn>" --dport <nodePort>`. A service with no endpoints has no nat rules, so
 * its addresses come from the filter REJECT/DROP rules instead.
 */
import { parseServiceComment, type CommentKind } from '../serviceComment.ts';
import type { Frontend, FrontendType } from '../../dataplane/types.ts';
import { EXTERNAL_SERVICES, NODEPORTS, SERVICES } from './chains.ts';
import type { Rule } from './rule.ts';

const FRONTEND_OF_COMMENT: Partial<Record<CommentKind, FrontendType>> = {
  clusterIP: 'clusterIP',
  externalIP: 'externalIP',
  loadBalancer: 'loadBalancer',
};

/** The frontend a nat entry rule (one that jumps into the service port's chains) serves. */
export function entryFrontend(rule: Rule): Frontend | null {
  if (rule.dport === null) return null;
  if (rule.chain === NODEPORTS) return { type: 'nodePort', ip: null, port: rule.dport };
  const kind = rule.comment === null ? undefined : parseServiceComment(rule.comment)?.kind;
  const type = kind === undefined ? undefined : FRONTEND_OF_COMMENT[kind];
  const destination = rule.destination;
  if (type === undefined || destination === null || destination.negated) return null;
  return { type, ip: destination.address, port: rule.dport };
}

/**
 * Adds the frontends of filter "has no (local) endpoints" rules that `frontends` lacks.
 * Filter KUBE-SERVICES holds the cluster IP (and, in 1.19, load-balancer IPs after it); filter
 * KUBE-EXTERNAL-SERVICES holds node ports (`--dst-type LOCAL`) and external and load-balancer
 * IPs, which kube-proxy writes alike, so an IP found only there is reported as external.
 */
export function addFilterFrontends(frontends: Frontend[], filterRules: readonly Rule[]): void {
  for (const rule of filterRules) {
    if (rule.dport === null) continue;
    const ip = rule.destination !== null && !rule.destination.negated ? rule.destination.address : null;
    let frontend: Frontend | null = null;
    if (rule.chain === EXTERNAL_SERVICES && rule.dstType?.address === 'LOCAL' && !rule.dstType.negated) {
      frontend = { type: 'nodePort', ip: null, port: rule.dport };
    } else if (ip !== null && rule.chain === SERVICES) {
      const hasClusterIP = frontends.some((f) => f.type === 'clusterIP');
      frontend = { type: hasClusterIP ? 'loadBalancer' : 'clusterIP', ip, port: rule.dport };
    } else if (ip !== null && rule.chain === EXTERNAL_SERVICES) {
      frontend = { type: 'externalIP', ip, port: rule.dport };
    }
    if (frontend !== null && !frontends.some((f) => f.ip === frontend.ip && f.port === frontend.port)) frontends.push(frontend);
  }
}

/** Adds `frontend` unless the same type, address and port is already there. */
export function addFrontend(frontends: Frontend[], frontend: Frontend | null): void {
  if (frontend === null) return;
  if (frontends.some((f) => f.type === frontend.type && f.ip === frontend.ip && f.port === frontend.port)) return;
  frontends.push(frontend);
}

const TYPE_ORDER: Record<FrontendType, number> = { clusterIP: 0, externalIP: 1, loadBalancer: 2, nodePort: 3, unknown: 4 };

/** Cluster IP first, then external IPs, load balancers and node ports; by address within a type. */
export function byFrontend(a: Frontend, b: Frontend): number {
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.ip ?? '').localeCompare(b.ip ?? '') || a.port - b.port;
}

/**
 * What `explain ingress/NAME` and `explain httproute/NAME` say about the route itself (`route` in
 * the ServiceExplanationList): each rule, each backend with its weight and share and what it
 * resolved to, and the backends that are root causes (a Service that does not exist, a port it
 * lacks, a reference no ReferenceGrant allows, an ALB action that does not parse), each with its
 * evidence and fix. Field names are a public contract, like the Explanation's.
 */
import type { RouteBackend, RouteFinding, RouteReport } from '../routes/types.ts';

/** A backend as the route names it (routes/types.ts RouteBackend: ref, kind, namespace, name, port, weight, share, via), and what it resolved to. */
export interface RouteBackendReport extends Omit<RouteBackend, 'group' | 'resolution'> {
  /** resolved: `service` and `servicePort` say where it goes; problem: `finding` names the root cause; unknown: `why`. */
  state: 'resolved' | 'problem' | 'unknown';
  service: string | null;
  servicePort: { name: string; port: number; protocol: string } | null;
  finding: RouteFinding['code'] | null;
  why: string | null;
}

export interface RouteDocument {
  kind: RouteReport['kind'];
  namespace: string;
  name: string;
  /** Ingress only: the class and where it came from (spec, the default class, or the deprecated annotation). */
  ingressClass: { name: string | null; source: string; annotation: string | null; controller: string | null } | null;
  parents: RouteReport['parents'];
  rules: { name: string; match: string; note: string | null; backends: RouteBackendReport[] }[];
  findings: RouteFinding[];
  unknown: string[];
}

export function routeDocument(report: RouteReport): RouteDocument {
  const c = report.ingressClass;
  return {
    kind: report.kind,
    namespace: report.namespace,
    name: report.name,
    ingressClass: c ? { name: c.className, source: c.source, annotation: c.annotation, controller: c.ingressClass?.spec?.controller ?? null } : null,
    parents: report.parents,
    rules: report.rules.map((r) => ({ name: r.name, match: r.match, note: r.note, backends: r.backends.map(backendReport) })),
    findings: report.findings,
    unknown: report.unknown,
  };
}

function backendReport(b: RouteBackend): RouteBackendReport {
  const base = { ref: b.ref, kind: b.kind, namespace: b.namespace, name: b.name, port: b.port, weight: b.weight, share: b.share, via: b.via };
  const r = b.resolution;
  if (r.state === 'resolved') {
    const p = r.servicePort;
    return { ...base, state: 'resolved', service: `${r.service.metadata.namespace ?? 'default'}/${r.service.metadata.name}`, servicePort: { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }, finding: null, why: null };
  }
  if (r.state === 'problem') return { ...base, state: 'problem', service: null, servicePort: null, finding: r.finding.code, why: null };
  return { ...base, state: 'unknown', service: null, servicePort: null, finding: null, why: r.why };
}

/**
 * HTTPRoute and GRPCRoute backends (sigs.k8s.io/gateway-api apis/v1 httproute_types.go,
 * grpcroute_types.go, shared_types.go BackendRef, object_reference_types.go BackendObjectReference).
 * Defaults: group "" (core) and kind Service; namespace the route's; weight 1. "Weight specifies the
 * proportion of requests forwarded to the referenced backend. This is computed as weight/(sum of all
 * weights in this BackendRefs list)"; weight 0 forwards nothing. Invalid backends keep their share:
 * "the proportion of requests that would otherwise have been routed to an invalid backend MUST
 * receive a 500 status code" (UNAVAILABLE for GRPCRoute).
 */
import { objectRef, read } from '../kubernetes/evidence.ts';
import type { GatewayBackendRef, GRPCRoute, HTTPRoute, ParentReference } from '../kubernetes/objects.ts';
import { GATEWAY_GROUP, permittingGrant } from './referencegrant.ts';
import { resolveServiceBackend, shares } from './services.ts';
import { listedIn, type BackendResolution, type RouteBackend, type RouteInputs, type RouteParent, type RouteReport, type RouteRule } from './types.ts';

export function gatewayRoutes(route: HTTPRoute | GRPCRoute, inputs: RouteInputs): RouteReport {
  const namespace = route.metadata.namespace ?? 'default';
  const report: RouteReport = { kind: route.kind, namespace, name: route.metadata.name, ingressClass: null, parents: parents(route, namespace), rules: [], findings: [], unknown: [] };
  (route.spec?.rules ?? []).forEach((rule, i) => report.rules.push(routeRule(route, inputs, report, i, rule)));
  return report;
}

type Rule = NonNullable<NonNullable<HTTPRoute['spec']>['rules']>[number];

function routeRule(route: HTTPRoute | GRPCRoute, inputs: RouteInputs, report: RouteReport, index: number, rule: Rule): RouteRule {
  const name = `spec.rules[${index}]${rule.name ? ` (${rule.name})` : ''}`;
  const refs = rule.backendRefs ?? [];
  const weights = shares(refs.map((r) => r.weight ?? 1));
  const backends = refs.map((ref, j) => backend(route, inputs, report, `spec.rules[${index}].backendRefs[${j}]`, ref, weights[j] ?? null));
  const note = refs.length === 0
    ? (rule.filters?.length ? 'no backendRefs: the rule is served by its filters (a redirect, say)' : 'no backendRefs')
    : refs.every((r) => r.weight === 0) ? 'every backendRef has weight 0: no backend gets requests' : null;
  return { name, match: describeMatches(route.kind, rule.matches), backends, note };
}

function backend(route: HTTPRoute | GRPCRoute, inputs: RouteInputs, report: RouteReport, field: string, ref: GatewayBackendRef, share: number | null): RouteBackend {
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  const namespace = ref.namespace ?? report.namespace;
  const port = ref.port ?? null;
  const subject = `${objectRef(route)} ${field}`;
  const entry = { ref: `${kind.toLowerCase()}${group ? `.${group}` : ''}/${namespace}/${ref.name}${port === null ? '' : `:${port}`}`, group, kind, namespace, name: ref.name, port, weight: ref.weight ?? 1, share, via: null };
  const resolution = resolve(route, inputs, report, { field, subject, group, kind, namespace, name: ref.name, port });
  if (resolution.state === 'problem') report.findings.push(resolution.finding);
  if (resolution.state === 'unknown') report.unknown.push(`${subject}: ${resolution.why}`);
  return { ...entry, resolution };
}

interface Target {
  field: string;
  subject: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port: number | null;
}

function resolve(route: HTTPRoute | GRPCRoute, inputs: RouteInputs, report: RouteReport, t: Target): BackendResolution {
  // Support for other kinds is implementation-specific (ServiceImport is Extended): not ours to judge.
  if (t.group !== '' || t.kind !== 'Service') return { state: 'unknown', why: `backend kind ${t.group ? `${t.group}/` : ''}${t.kind} is implementation-specific and not resolved` };
  if (t.namespace !== report.namespace) {
    if (!listedIn(inputs.referenceGrantNamespaces, t.namespace)) return { state: 'unknown', why: `ReferenceGrants in namespace ${t.namespace} are not in the input, so whether the cross-namespace reference is allowed is unknown` };
    const grant = permittingGrant(inputs.referenceGrants, { fromKind: route.kind, fromNamespace: report.namespace, toNamespace: t.namespace, toGroup: '', toKind: 'Service', toName: t.name });
    if (!grant) {
      return {
        state: 'problem',
        finding: {
          code: 'BackendRefNotPermitted',
          severity: 'critical',
          subject: t.subject,
          message: `${t.subject} sends to Service ${t.namespace}/${t.name} in another namespace, and no ReferenceGrant in ${t.namespace} allows ${route.kind}s from ${report.namespace} (ResolvedRefs reason RefNotPermitted)`,
          evidence: [read(route, `${t.field}.namespace`, t.namespace), read(route, 'metadata.namespace', report.namespace)],
          fix: `Create a ReferenceGrant in namespace ${t.namespace} with from {group: ${GATEWAY_GROUP}, kind: ${route.kind}, namespace: ${report.namespace}} and to {group: "", kind: Service, name: ${t.name}}.`,
        },
      };
    }
  }
  return resolveServiceBackend(inputs, { namespace: t.namespace, name: t.name, port: t.port, owner: route, field: `${t.field}.name`, subject: t.subject });
}

function parents(route: HTTPRoute | GRPCRoute, namespace: string): RouteParent[] {
  const statuses = route.status?.parents ?? [];
  return (route.spec?.parentRefs ?? []).map((p) => {
    const status = statuses.find((s) => sameParent(s.parentRef, p, namespace));
    const condition = (type: string): string | null => {
      const c = status?.conditions?.find((x) => x.type === type);
      return c ? `${c.status}${c.reason ? ` (${c.reason})` : ''}` : null;
    };
    return { ref: parentRef(p, namespace), controller: status?.controllerName ?? null, accepted: condition('Accepted'), resolvedRefs: condition('ResolvedRefs') };
  });
}

/** ParentReference defaults: group gateway.networking.k8s.io, kind Gateway, the route's namespace. */
function parentRef(p: ParentReference, namespace: string): string {
  const kind = (p.kind ?? 'Gateway').toLowerCase();
  return `${kind}/${p.namespace ?? namespace}/${p.name}${p.sectionName ? `:${p.sectionName}` : ''}${p.port ? `:${p.port}` : ''}`;
}

function sameParent(a: ParentReference, b: ParentReference, namespace: string): boolean {
  return (a.group ?? GATEWAY_GROUP) === (b.group ?? GATEWAY_GROUP) && parentRef(a, namespace) === parentRef(b, namespace);
}

/** `PathPrefix /cart, Exact /login`, `method shop.Cart/Get`; `(all requests)` with no matches. */
function describeMatches(kind: 'HTTPRoute' | 'GRPCRoute', matches: unknown[] | undefined): string {
  if (!matches || matches.length === 0) return '(all requests)';
  return matches.map((m) => (kind === 'HTTPRoute' ? httpMatch(m) : grpcMatch(m))).join(', ');
}

function httpMatch(m: unknown): string {
  const path = (m as { path?: { type?: string; value?: string } }).path;
  const method = (m as { method?: string }).method;
  const text = `${path?.type ?? 'PathPrefix'} ${path?.value ?? '/'}`;
  return method ? `${method} ${text}` : text;
}

function grpcMatch(m: unknown): string {
  const method = (m as { method?: { service?: string; method?: string } }).method;
  return method ? `method ${method.service ?? '*'}/${method.method ?? '*'}` : '(headers only)';
}

/**
 * An Ingress's backends (k8s.io/api networking/v1 types.go): `spec.defaultBackend` and each
 * `spec.rules[].http.paths[].backend`, a Service in the Ingress's namespace or a `resource`. With the
 * ALB controller a `use-annotation` port names an action annotation instead (awslb/actions.ts);
 * its forward target groups become weighted backends. Each path sends all its requests to its one
 * backend (weight 1, share 1) unless an ALB forward action splits them.
 */
import { albAction, USE_ANNOTATION_PORT } from '../awslb/actions.ts';
import { isAwsAlbIngress } from '../awslb/alb.ts';
import { objectRef, read } from '../kubernetes/evidence.ts';
import { resolveIngressClass, type IngressClassResolution } from '../kubernetes/ingressclass.ts';
import type { Ingress, IngressBackend } from '../kubernetes/objects.ts';
import { resolveServiceBackend, shares } from './services.ts';
import type { RouteBackend, RouteFinding, RouteInputs, RouteReport, RouteRule } from './types.ts';

export function ingressRoutes(ingress: Ingress, inputs: RouteInputs): RouteReport {
  const namespace = ingress.metadata.namespace ?? 'default';
  const ingressClass = resolveIngressClass(ingress, inputs.ingressClasses);
  const report: RouteReport = { kind: 'Ingress', namespace, name: ingress.metadata.name, ingressClass, parents: [], rules: [], findings: [], unknown: [] };
  if (!ingressClass.classesListed && ingressClass.annotation === null) report.unknown.push('IngressClasses are not in the input, so the controller serving this Ingress is unknown');
  const { defaultBackend, rules = [] } = ingress.spec ?? {};
  if (defaultBackend) report.rules.push(rule(ingress, ingressClass, inputs, 'spec.defaultBackend', '(default backend)', defaultBackend, report));
  rules.forEach((r, i) => {
    (r.http?.paths ?? []).forEach((path, j) => {
      const match = `${r.host ?? '*'}${path.path ?? '/'} (${path.pathType ?? 'ImplementationSpecific'})`;
      report.rules.push(rule(ingress, ingressClass, inputs, `spec.rules[${i}].http.paths[${j}]`, match, path.backend, report));
    });
  });
  return report;
}

function rule(ingress: Ingress, ingressClass: IngressClassResolution, inputs: RouteInputs, name: string, match: string, backend: IngressBackend, report: RouteReport): RouteRule {
  const namespace = report.namespace;
  const subject = `${objectRef(ingress)} ${name}`;
  if (backend.resource) {
    const { apiGroup, kind, name: resourceName } = backend.resource;
    report.unknown.push(`${subject}: resource backend ${apiGroup ? `${apiGroup}/` : ''}${kind}/${resourceName} is controller-specific and not resolved`);
    return { name, match, backends: [], note: `resource backend ${kind}/${resourceName}` };
  }
  const service = backend.service;
  if (!service) return { name, match, backends: [], note: 'backend names neither a service nor a resource' };
  const port = service.port?.number ?? service.port?.name ?? null;
  if (port === USE_ANNOTATION_PORT) {
    const alb = isAwsAlbIngress(ingressClass);
    if (alb === true) return actionRule(ingress, inputs, name, match, service.name, report);
    if (alb === null) {
      report.unknown.push(`${subject}: port "use-annotation" names an ALB action if the AWS Load Balancer Controller serves this Ingress, which is unknown`);
      return { name, match, backends: [], note: 'use-annotation backend of an unknown controller' };
    }
  }
  const resolution = resolveServiceBackend(inputs, { namespace, name: service.name, port, owner: ingress, field: `${name}.backend.service.name`, subject });
  collect(resolution, report, subject);
  const entry: RouteBackend = { ref: `service/${namespace}/${service.name}${port === null ? '' : `:${port}`}`, group: '', kind: 'Service', namespace, name: service.name, port, weight: 1, share: 1, via: null, resolution };
  return { name, match, backends: [entry], note: null };
}

function actionRule(ingress: Ingress, inputs: RouteInputs, name: string, match: string, actionName: string, report: RouteReport): RouteRule {
  const subject = `${objectRef(ingress)} ${name}`;
  const action = albAction(ingress, actionName);
  if (action.kind === 'other') return { name, match, backends: [], note: `ALB ${action.type} action (${action.key})` };
  if (action.kind === 'missing' || action.kind === 'invalid') {
    const finding: RouteFinding = {
      code: 'BackendActionInvalid',
      severity: 'critical',
      subject,
      message: action.kind === 'missing'
        ? `${subject} uses port "use-annotation" but the Ingress has no annotation ${action.key}; the controller fails to build the Ingress (or answers 503 with --tolerate-non-existent-backend-action)`
        : `${subject}: annotation ${action.key} is invalid (${action.why}); the controller fails to build the Ingress`,
      evidence: [read(ingress, `metadata.annotations['${action.key}']`, ingress.metadata.annotations?.[action.key])],
      fix: `Write a valid action in ${action.key}, or name a Service port instead of "use-annotation".`,
    };
    report.findings.push(finding);
    return { name, match, backends: [], note: null };
  }
  const weights = shares(action.targets.map((t) => t.weight ?? (action.targets.length === 1 ? 1 : null)));
  const backends = action.targets.map((target, i): RouteBackend => {
    const weight = target.weight ?? (action.targets.length === 1 ? 1 : null);
    if (!target.service) {
      report.unknown.push(`${subject}: target group ${target.targetGroup} is outside the cluster and not resolved`);
      return { ref: `targetgroup/${target.targetGroup}`, group: 'elbv2.k8s.aws', kind: 'TargetGroup', namespace: report.namespace, name: target.targetGroup ?? '', port: null, weight, share: weights[i] ?? null, via: action.key, resolution: { state: 'unknown', why: 'a target group named by ARN or name' } };
    }
    const { name: svc, port } = target.service;
    const targetSubject = `${subject} (${action.key} targetGroups[${i}])`;
    const resolution = resolveServiceBackend(inputs, { namespace: report.namespace, name: svc, port, owner: ingress, field: `metadata.annotations['${action.key}']`, subject: targetSubject });
    collect(resolution, report, targetSubject);
    return { ref: `service/${report.namespace}/${svc}:${port}`, group: '', kind: 'Service', namespace: report.namespace, name: svc, port, weight, share: weights[i] ?? null, via: action.key, resolution };
  });
  return { name, match, backends, note: null };
}

function collect(resolution: RouteBackend['resolution'], report: RouteReport, subject: string): void {
  if (resolution.state === 'problem') report.findings.push(resolution.finding);
  if (resolution.state === 'unknown') report.unknown.push(`${subject}: ${resolution.why}`);
}

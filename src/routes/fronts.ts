/**
 * The Ingresses in front of one Service, for `explain svc/NAME`: which of them name it as a
 * backend (what a snapshot keeps), and which of those route to it, on which Service ports (where
 * the AWS Load Balancer Controller builds an ALB target group per backend: termination/fronts.ts).
 */
import { albAction, USE_ANNOTATION_PORT } from '../awslb/actions.ts';
import type { Ingress, IngressBackend, IngressClass, Service, ServicePort } from '../kubernetes/objects.ts';
import type { IngressClassResolution } from '../kubernetes/ingressclass.ts';
import { servicePortsRoutedTo } from './backends.ts';
import { ingressRoutes } from './ingress.ts';

export interface IngressToService {
  ingress: Ingress;
  ingressClass: IngressClassResolution;
  servicePorts: ServicePort[];
}

/**
 * Whether any backend of the Ingress names the Service, resolved or not: a Service backend by
 * name, or a target of an ALB `use-annotation` forward action (read whatever the class, so the
 * Ingress is kept even when its controller is not known yet).
 */
export function namesService(ingress: Ingress, service: Service): boolean {
  if ((ingress.metadata.namespace ?? 'default') !== (service.metadata.namespace ?? 'default')) return false;
  const name = service.metadata.name;
  const backends: IngressBackend[] = [
    ...(ingress.spec?.defaultBackend ? [ingress.spec.defaultBackend] : []),
    ...(ingress.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend)),
  ];
  return backends.some((b) => {
    if (!b.service) return false;
    if (b.service.name === name) return true;
    if (b.service.port?.name !== USE_ANNOTATION_PORT) return false;
    const action = albAction(ingress, b.service.name);
    return action.kind === 'forward' && action.targets.some((t) => t.service?.name === name);
  });
}

/** The Ingresses that route to the Service, each with the Service ports it sends to. `classes` null: IngressClasses unknown. */
export function ingressesTo(service: Service, ingresses: readonly Ingress[], classes: readonly IngressClass[] | null): IngressToService[] {
  const namespace = service.metadata.namespace ?? 'default';
  const inputs = { services: [service], serviceNamespaces: [] as string[], referenceGrants: [], referenceGrantNamespaces: [] as string[], ingressClasses: classes };
  return ingresses.flatMap((ingress) => {
    if ((ingress.metadata.namespace ?? 'default') !== namespace) return [];
    const report = ingressRoutes(ingress, inputs);
    const servicePorts = servicePortsRoutedTo(report, service);
    return servicePorts.length > 0 && report.ingressClass ? [{ ingress, ingressClass: report.ingressClass, servicePorts }] : [];
  });
}

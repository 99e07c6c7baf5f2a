/**
 * `explain ingress/NAME`, `explain httproute/NAME`, `explain grpcroute/NAME` from objects read
 * from files: the route, what its backends resolve to, and the Services to explain, each once, in
 * the order the route names them. What the files hold is complete for a kind they have at all; a
 * kind absent from every file is unknown (its Services not "missing", a cross-namespace grant not
 * "refused"), as for every other kind (select.ts).
 */
import type { GRPCRoute, HTTPRoute, Ingress, IngressClass, KubeObject, ReferenceGrant, Service } from '../kubernetes/objects.ts';
import { isIngressClass, isService } from '../kubernetes/objects.ts';
import type { ServiceRef } from '../kubernetes/ref.ts';
import type { RouteKind } from '../kubernetes/target.ts';
import { routedServices } from '../routes/backends.ts';
import { gatewayRoutes } from '../routes/gateway.ts';
import { ingressRoutes } from '../routes/ingress.ts';
import type { RouteInputs, RouteReport } from '../routes/types.ts';
import { namedObject } from './start.ts';

export type RouteObject = Ingress | HTTPRoute | GRPCRoute;

export interface RouteSelection {
  report: RouteReport;
  /** The Services its backends resolve to, to explain. */
  services: ServiceRef[];
}

export function routeReport(route: RouteObject, inputs: RouteInputs): RouteSelection {
  const report = route.kind === 'Ingress' ? ingressRoutes(route, inputs) : gatewayRoutes(route, inputs);
  const services = routedServices(report).map(({ service }) => ({ name: service.metadata.name, namespace: service.metadata.namespace ?? 'default' }));
  return { report, services };
}

export function routeFromObjects(objects: readonly KubeObject[], target: { kind: RouteKind; name: string }, namespace: string | undefined): RouteSelection {
  const route = namedObject(objects, target, namespace) as RouteObject;
  const has = (kind: string) => objects.some((o) => o.kind === kind);
  const inputs: RouteInputs = {
    services: objects.filter(isService) as Service[],
    serviceNamespaces: has('Service') ? 'all' : [],
    referenceGrants: objects.filter((o): o is ReferenceGrant => o.kind === 'ReferenceGrant'),
    referenceGrantNamespaces: has('ReferenceGrant') ? 'all' : [],
    ingressClasses: has('IngressClass') ? (objects.filter(isIngressClass) as IngressClass[]) : null,
  };
  return routeReport(route, inputs);
}

/** Questions the explain layer asks of route reports. */
import type { Service, ServicePort } from '../kubernetes/objects.ts';
import type { RouteReport } from './types.ts';

/** Each Service a report resolves to, once, with the Service ports the route uses. */
export function routedServices(report: RouteReport): { service: Service; servicePorts: ServicePort[] }[] {
  const out = new Map<string, { service: Service; servicePorts: ServicePort[] }>();
  for (const rule of report.rules) {
    for (const backend of rule.backends) {
      if (backend.resolution.state !== 'resolved') continue;
      const { service, servicePort } = backend.resolution;
      const key = `${service.metadata.namespace ?? 'default'}/${service.metadata.name}`;
      const entry = out.get(key) ?? { service, servicePorts: [] };
      if (!entry.servicePorts.includes(servicePort)) entry.servicePorts.push(servicePort);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

/** The Service ports of `service` a report resolves backends to (none when it does not route there). */
export function servicePortsRoutedTo(report: RouteReport, service: Service): ServicePort[] {
  const ns = service.metadata.namespace ?? 'default';
  return routedServices(report).find((r) => (r.service.metadata.namespace ?? 'default') === ns && r.service.metadata.name === service.metadata.name)?.servicePorts ?? [];
}

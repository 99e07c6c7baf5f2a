import type { Service } from '../kubernetes/objects.ts';
import type { ServiceReport } from './types.ts';

/** The Service as the JSON document reports it: what decides where its traffic goes. */
export function serviceReport(service: Service): ServiceReport {
  const spec = service.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const clusterIPs = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const external = type === 'LoadBalancer' || type === 'NodePort';
  return {
    namespace: service.metadata.namespace ?? 'default',
    name: service.metadata.name,
    type,
    clusterIPs: clusterIPs.filter((ip) => ip !== 'None'),
    externalIPs: spec.externalIPs ?? [],
    loadBalancerIPs: (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean),
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      targetPort: p.targetPort ?? p.port,
      nodePort: p.nodePort ?? null,
    })),
    selector: spec.selector && Object.keys(spec.selector).length > 0 ? spec.selector : null,
    headless: spec.clusterIP === 'None',
    externalTrafficPolicy: external ? (spec.externalTrafficPolicy ?? 'Cluster') : null,
    internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
    publishNotReadyAddresses: spec.publishNotReadyAddresses ?? false,
    sessionAffinity: spec.sessionAffinity ?? 'None',
    ipFamilies: spec.ipFamilies ?? [],
  };
}

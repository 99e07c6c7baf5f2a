/** kube-apiserver's columns for Services, Endpoints and EndpointSlices. */
import type { EndpointSlice, Endpoints, KubeObject, Service } from '../../src/kubernetes/objects.ts';
import { AGE, age, column, firstThree, NAME, nameOf, type Printer } from './columns.ts';

export const SERVICE_PRINTER: Printer = {
  columns: [
    NAME,
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE,
    column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells: (obj, now) => {
    const svc = obj as Service;
    const spec = svc.spec ?? {};
    const ports = (spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`);
    const selector = Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).sort();
    return [svc.metadata.name, spec.type ?? 'ClusterIP', spec.clusterIP || '<none>', externalIPs(svc),
      ports.length ? ports.join(',') : '<none>', age(svc, now), selector.length ? selector.join(',') : '<none>'];
  },
};

function externalIPs(svc: Service): string {
  const ips = [...(svc.spec?.externalIPs ?? [])];
  if (svc.spec?.type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  if (svc.spec?.type === 'LoadBalancer') {
    const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '');
    return [...ingress, ...ips].join(',') || '<pending>';
  }
  return ips.length ? ips.join(',') : '<none>';
}

export const ENDPOINTS_PRINTER: Printer = {
  columns: [NAME, column('Endpoints', 'Endpoints of the service'), AGE],
  cells: (obj: KubeObject, now) => {
    const ready = ((obj as Endpoints).subsets ?? []).flatMap((subset) => {
      const ports = subset.ports?.length ? subset.ports.map((p) => p.port) : [undefined];
      return (subset.addresses ?? []).flatMap((a) => ports.map((port) => (port === undefined ? a.ip : `${a.ip}:${port}`)));
    });
    return [nameOf(obj), firstThree(ready), age(obj, now)];
  },
};

export const ENDPOINTSLICE_PRINTER: Printer = {
  columns: [
    NAME,
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE,
  ],
  cells: (obj, now) => {
    const slice = obj as EndpointSlice;
    const ports = (slice.ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port)));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses);
    return [nameOf(slice), slice.addressType, ports.length ? ports.join(',') : '<unset>', firstThree(addresses), age(slice, now)];
  },
};

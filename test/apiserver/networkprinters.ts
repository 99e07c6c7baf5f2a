/**
 * Columns for Ingresses and IngressClasses (kube-apiserver's pkg/printers/internalversion/printers.go
 * ingressColumnDefinitions / printIngress, ingressClassColumnDefinitions / printIngressClass), and
 * for the Gateway API kinds, which a real server prints from their CRDs' additionalPrinterColumns
 * (gateway-api v1.3.0: HTTPRoute and GRPCRoute show Hostnames and Age, ReferenceGrant only Age).
 */
import type { Ingress, IngressClass, KubeObject } from '../../src/kubernetes/objects.ts';
import { AGE, age, column, NAME, nameOf, type Printer } from './columns.ts';

export const INGRESS_PRINTER: Printer = {
  columns: [
    NAME,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    AGE,
  ],
  cells: (obj, now) => {
    const ingress = obj as Ingress;
    const hosts = (ingress.spec?.rules ?? []).map((r) => r.host || '*');
    const shown = hosts.length === 0 ? '*' : hosts.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${hosts.length - 3} more...` : hosts.join(',');
    const address = (ingress.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean).join(',');
    const tls = Array.isArray((ingress.spec as { tls?: unknown[] } | undefined)?.tls) && ((ingress.spec as { tls: unknown[] }).tls.length > 0);
    return [nameOf(ingress), ingress.spec?.ingressClassName ?? '<none>', shown, address, tls ? '80, 443' : '80', age(ingress, now)];
  },
};

export const INGRESS_CLASS_PRINTER: Printer = {
  columns: [
    NAME,
    column('Controller', 'Controller that is responsible for handling this class'),
    column('Parameters', 'A reference to a resource with additional parameters'),
    AGE,
  ],
  cells: (obj, now) => {
    const cls = obj as IngressClass;
    const p = cls.spec?.parameters;
    const parameters = p ? `${p.kind}.${p.apiGroup ?? ''}/${p.name}` : '<none>';
    return [nameOf(cls), cls.spec?.controller ?? '', parameters, age(cls, now)];
  },
};

/** A CRD's columns: Name, then its additionalPrinterColumns. */
export const ROUTE_PRINTER: Printer = {
  columns: [NAME, column('Hostnames', ''), column('Age', '', 0, 'date')],
  cells: (obj: KubeObject, now) => {
    const hostnames = (obj.spec as { hostnames?: string[] } | undefined)?.hostnames;
    return [nameOf(obj), hostnames ? JSON.stringify(hostnames) : '', age(obj, now)];
  },
};

export const REFERENCE_GRANT_PRINTER: Printer = {
  columns: [NAME, column('Age', '', 0, 'date')],
  cells: (obj: KubeObject, now) => [nameOf(obj), age(obj, now)],
};

/** Reads a fixture file of Kubernetes objects the way `-f` does, and the inputs a route report needs. */
import { readFileSync } from 'node:fs';
import type { GRPCRoute, HTTPRoute, Ingress, IngressClass, KubeObject, ReferenceGrant, Service } from '../../src/kubernetes/objects.ts';
import type { RouteInputs } from '../../src/routes/types.ts';
import { parseObjects } from '../../src/sources/objectfile.ts';

export async function loadObjects(url: URL): Promise<KubeObject[]> {
  return parseObjects(readFileSync(url, 'utf8'), url.pathname);
}

export function ofKind<T extends KubeObject>(objects: readonly KubeObject[], kind: T['kind']): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

export function named<T extends KubeObject>(objects: readonly KubeObject[], kind: T['kind'], name: string): T {
  const found = ofKind<T>(objects, kind).find((o) => o.metadata?.name === name);
  if (!found) throw new Error(`fixture has no ${kind} ${name}`);
  return found;
}

/** Everything in the file is listed, cluster-wide, unless a test says otherwise. */
export function inputsFrom(objects: readonly KubeObject[], over: Partial<RouteInputs> = {}): RouteInputs {
  return {
    services: ofKind<Service>(objects, 'Service'),
    serviceNamespaces: 'all',
    referenceGrants: ofKind<ReferenceGrant>(objects, 'ReferenceGrant'),
    referenceGrantNamespaces: 'all',
    ingressClasses: ofKind<IngressClass>(objects, 'IngressClass'),
    ...over,
  };
}

export type { GRPCRoute, HTTPRoute, Ingress };

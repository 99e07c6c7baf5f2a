/**
 * ReferenceGrant (sigs.k8s.io/gateway-api apis/v1 referencegrant_types.go): a route's backendRef to a
 * Service in another namespace is allowed only when a ReferenceGrant *in the Service's namespace*
 * lists the route's group, kind and namespace in `from` and the Service (group "", kind Service,
 * and the name, or no name for all) in `to`. Entries combine with OR. "Implementations that support
 * ReferenceGrant MUST NOT permit cross-namespace references which have no grant."
 */
import type { ReferenceGrant } from '../kubernetes/objects.ts';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface CrossNamespaceRef {
  fromKind: 'HTTPRoute' | 'GRPCRoute';
  fromNamespace: string;
  toNamespace: string;
  toGroup: string;
  toKind: string;
  toName: string;
}

/** The grant that permits the reference, or null. */
export function permittingGrant(grants: readonly ReferenceGrant[], ref: CrossNamespaceRef): ReferenceGrant | null {
  for (const grant of grants) {
    if ((grant.metadata.namespace ?? 'default') !== ref.toNamespace) continue;
    const from = (grant.spec?.from ?? []).some((f) => f.group === GATEWAY_GROUP && f.kind === ref.fromKind && f.namespace === ref.fromNamespace);
    const to = (grant.spec?.to ?? []).some((t) => t.group === ref.toGroup && t.kind === ref.toKind && (t.name === undefined || t.name === '' || t.name === ref.toName));
    if (from && to) return grant;
  }
  return null;
}

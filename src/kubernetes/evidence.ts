/**
 * A field read from an object, quoted as evidence for a fact: `pod/default/web-7kq2w`
 * `spec.terminationGracePeriodSeconds` = `30`. `value: null` means the field is absent (and a
 * default applies, which the fact's message names).
 */
import type { KubeObject } from './objects.ts';

export interface Evidence {
  object: string;
  field: string;
  value: string | null;
}

export type Severity = 'critical' | 'warning' | 'info';

/** `service/default/web`, the way kubectl names an object; cluster-scoped objects have no namespace. */
export function objectRef(obj: KubeObject): string {
  const kind = (obj.kind ?? 'object').toLowerCase();
  const ns = obj.metadata?.namespace;
  return ns ? `${kind}/${ns}/${obj.metadata?.name ?? ''}` : `${kind}/${obj.metadata?.name ?? ''}`;
}

export function read(obj: KubeObject, field: string, value: string | number | boolean | null | undefined): Evidence {
  return { object: objectRef(obj), field, value: value === undefined || value === null ? null : String(value) };
}

/** An annotation as evidence: the field is written as kubectl's jsonpath would quote it. */
export function annotation(obj: KubeObject, key: string): Evidence {
  return read(obj, `metadata.annotations['${key}']`, obj.metadata?.annotations?.[key]);
}

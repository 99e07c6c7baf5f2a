/**
 * Which IngressClass an Ingress belongs to, as raw facts for each controller to interpret:
 * `spec.ingressClassName`, else the IngressClass annotated `ingressclass.kubernetes.io/is-default-class:
 * "true"` (k8s.io/api networking/v1 types.go IngressClass; the admission plugin writes the default into
 * new Ingresses), and the deprecated `kubernetes.io/ingress.class` annotation, which controllers "should
 * still honor" (IngressSpec.ingressClassName). Which one wins is the controller's choice.
 */
import type { Ingress, IngressClass } from './ingress.ts';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

export interface IngressClassResolution {
  /** The deprecated annotation's value, when set. */
  annotation: string | null;
  /** spec.ingressClassName, else the default class's name; null when neither is known. */
  className: string | null;
  source: 'spec' | 'default' | 'none';
  /** The IngressClass object; null when it is not among the listed classes. */
  ingressClass: IngressClass | null;
  /** False when IngressClasses were not listed, so `ingressClass` and a default are unknown. */
  classesListed: boolean;
}

/** `classes` null means IngressClasses were not in the input (not listed or forbidden). */
export function resolveIngressClass(ingress: Ingress, classes: readonly IngressClass[] | null): IngressClassResolution {
  const annotation = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] ?? null;
  const classesListed = classes !== null;
  const specName = ingress.spec?.ingressClassName;
  if (specName) {
    const ingressClass = classes?.find((c) => c.metadata.name === specName) ?? null;
    return { annotation, className: specName, source: 'spec', ingressClass, classesListed };
  }
  // Several defaults make the admission plugin refuse new Ingresses; a reader cannot pick one.
  const defaults = (classes ?? []).filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  const [only] = defaults;
  if (only && defaults.length === 1) return { annotation, className: only.metadata.name, source: 'default', ingressClass: only, classesListed };
  return { annotation, className: null, source: 'none', ingressClass: null, classesListed };
}

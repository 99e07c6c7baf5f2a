/**
 * Platform selectors, evaluated the way krew evaluates them: `metav1.LabelSelectorAsSelector`
 * (k8s.io/apimachinery `pkg/apis/meta/v1/helpers.go`) compiled into `labels.Requirement`s
 * (`pkg/labels/selector.go`), then matched against the labels `{os, arch}`
 * (kubernetes-sigs/krew `internal/installation/platform.go` `matchPlatform`).
 */
import type { LabelSelector, OsArch } from './manifest.ts';

export type Labels = Readonly<Record<string, string>>;
/** A compiled selector. */
export type LabelMatcher = (labels: Labels) => boolean;

type Operator = 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

// k8s.io/apimachinery pkg/util/validation: IsValidLabelValue and IsQualifiedName.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `LabelSelectorAsSelector`: a missing selector matches nothing, an empty one everything
 * (krew's validation rejects both before install); matchLabels are Equals requirements;
 * requirements are ANDed. Throws a one-line error where k8s returns one.
 */
export function labelSelectorAsSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (selector === null || selector === undefined) return () => false;
  const labels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  // Parsed YAML is untyped: a shape Go could not even decode compiles to nothing.
  if (!Array.isArray(expressions) || expressions.some((e) => e.values != null && !Array.isArray(e.values))) {
    throw new Error('matchExpressions must be a list of {key, operator, values: [...]}');
  }
  if (labels.length + expressions.length === 0) return () => true;
  const requirements = [
    ...labels.map(([key, value]) => newRequirement(key, 'Equals', [value])),
    ...expressions.map((e) => newRequirement(e.key, toOperator(e.operator), e.values ?? [])),
  ];
  return (l) => requirements.every((matches) => matches(l));
}

/** krew's `selectorMatchesOSArch`: does the selector pick this (os, arch)? Invalid ones pick nothing. */
export function selectorMatchesOsArch(selector: LabelSelector | null | undefined, { os, arch }: OsArch): boolean {
  try {
    return labelSelectorAsSelector(selector)({ os, arch });
  } catch {
    return false;
  }
}

function toOperator(operator: string): Operator {
  if (operator === 'In' || operator === 'NotIn' || operator === 'Exists' || operator === 'DoesNotExist') return operator;
  throw new Error(`${JSON.stringify(operator)} is not a valid pod selector operator`);
}

/** `labels.NewRequirement`: validates the key, the number of values and each value. */
function newRequirement(key: string, operator: Operator, values: readonly string[]): LabelMatcher {
  checkKey(key);
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    throw new Error(`${key}: for 'in', 'notin' operators, values set can't be empty`);
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) {
    throw new Error(`${key}: values set must be empty for exists and does not exist`);
  }
  for (const value of values) {
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      throw new Error(`${key}: invalid label value ${JSON.stringify(value)}`);
    }
  }
  return requirementMatcher(key, operator, values);
}

/** `Requirement.Matches`: NotIn and DoesNotExist also match labels that lack the key. */
function requirementMatcher(key: string, operator: Operator, values: readonly string[]): LabelMatcher {
  return (labels) => {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'Equals':
      case 'In':
        return has && values.includes(labels[key] as string);
      case 'NotIn':
        return !has || !values.includes(labels[key] as string);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  };
}

function checkKey(key: string): void {
  const slash = typeof key === 'string' ? key.lastIndexOf('/') : -1;
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (typeof name !== 'string' || name.length > 63 || !QUALIFIED_NAME.test(name) || !prefixOk) {
    throw new Error(`invalid label key ${JSON.stringify(key)}`);
  }
}

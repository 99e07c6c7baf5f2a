/**
 * Starting from a pod or a workload instead of a Service: which pods it stands for (the pod; a
 * workload's pods by its own spec.selector, as the ReplicaSet and StatefulSet controllers count
 * them) and which Services concern them: every Service of the namespace whose selector matches
 * one of them (a selector matches when every key has that value, labels.SelectorFromSet), and,
 * where the slices are in hand, any Service whose EndpointSlice names one of them by targetRef
 * (a Service without a selector, endpoints managed by hand). Pure: files and the cluster both
 * hand their objects in.
 */
import { InputError } from '../failures.ts';
import type { EndpointSlice, KubeObject, ObjectMeta, Pod, Service } from '../kubernetes/objects.ts';
import { isEndpointSlice, isPod, isService, LABEL_SERVICE_NAME } from '../kubernetes/objects.ts';
import { matchesSelector } from '../kubernetes/labels.ts';
import { formatRequirements, fromLabelSelector, matchesRequirements, type LabelSelector } from '../kubernetes/selector.ts';
import type { Target, WorkloadKind } from '../kubernetes/target.ts';

export interface Workload extends KubeObject {
  kind: WorkloadKind;
  metadata: ObjectMeta & { name: string };
  spec?: { selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> } } };
}

/** The pods a start stands for. */
export interface StartPods {
  namespace: string;
  pods: Pod[];
  /** A workload's selector, as `-l` spells it; null for a pod. */
  selector: string | null;
  /** A workload's pod template labels: what Services are matched against when it has no pods. */
  templateLabels: Record<string, string> | null;
}

const inNamespace = (namespace: string) => (o: KubeObject) => (o.metadata?.namespace ?? 'default') === namespace;

/** Pods of a workload: those of its namespace its selector matches; an empty selector matches none (apps/v1 requires one). */
export function workloadPods(workload: Workload, pods: readonly Pod[]): StartPods {
  const namespace = workload.metadata.namespace ?? 'default';
  const requirements = workload.spec?.selector ? fromLabelSelector(workload.spec.selector) : [];
  const selected = requirements.length === 0 ? [] : pods.filter((p) => inNamespace(namespace)(p) && matchesRequirements(p.metadata.labels, requirements));
  return { namespace, pods: selected, selector: formatRequirements(requirements), templateLabels: workload.spec?.template?.metadata?.labels ?? null };
}

/** The target found among objects read from files; `namespace` (-n) narrows, else the only namespace it is in. */
export function namedObject(objects: readonly KubeObject[], target: Target, namespace: string | undefined): KubeObject {
  const named = objects.filter((o) => o.kind === target.kind && o.metadata?.name === target.name && (namespace === undefined || inNamespace(namespace)(o)));
  const namespaces = [...new Set(named.map((o) => o.metadata?.namespace ?? 'default'))];
  if (named.length === 0) {
    const where = namespace === undefined ? '' : ` in namespace "${namespace}"`;
    const kinds = objects.some((o) => o.kind === target.kind) ? '' : ` (the input has no ${target.kind})`;
    throw new InputError(`${target.kind.toLowerCase()} "${target.name}" not found${where} in the input files${kinds}`);
  }
  if (namespaces.length > 1) throw new InputError(`${target.kind.toLowerCase()} "${target.name}" is in several namespaces of the input (${namespaces.join(', ')}): pass -n NAMESPACE`);
  return named[0] as KubeObject;
}

export function startFromObjects(objects: readonly KubeObject[], target: Target, namespace: string | undefined): StartPods {
  const object = namedObject(objects, target, namespace);
  if (target.kind === 'Pod') return { namespace: object.metadata?.namespace ?? 'default', pods: [object as Pod], selector: null, templateLabels: null };
  return workloadPods(object as Workload, objects.filter(isPod));
}

/**
 * The Services that concern the pods: selector matches (against the template labels when there
 * are no pods), then those whose slices name a pod; each once, in the order given.
 */
export function servicesFor(start: StartPods, services: readonly Service[], slices: readonly EndpointSlice[] = []): Service[] {
  const own = services.filter(inNamespace(start.namespace));
  const labelSets = start.pods.length > 0 ? start.pods.map((p) => p.metadata.labels) : start.templateLabels ? [start.templateLabels] : [];
  const selecting = own.filter((s) => {
    const selector = s.spec?.selector;
    return selector !== undefined && Object.keys(selector).length > 0 && labelSets.some((labels) => matchesSelector(labels, selector));
  });
  const names = new Set(start.pods.map((p) => p.metadata.name));
  const named = new Set(
    slices
      .filter((s) => inNamespace(start.namespace)(s) && (s.endpoints ?? []).some((e) => e.targetRef?.kind === 'Pod' && names.has(e.targetRef.name ?? '')))
      .map((s) => s.metadata.labels?.[LABEL_SERVICE_NAME]),
  );
  const byslice = own.filter((s) => named.has(s.metadata.name) && !selecting.includes(s));
  return [...selecting, ...byslice];
}

/** Services and slices of a pile of objects, for `servicesFor`. */
export function servicesAndSlices(objects: readonly KubeObject[]): { services: Service[]; slices: EndpointSlice[] } {
  return { services: objects.filter(isService), slices: objects.filter(isEndpointSlice) };
}

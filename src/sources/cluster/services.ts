/**
 * One Snapshot per Service out of a whole namespace's (or cluster's) objects, for `list`. Each
 * goes through the same `selectService` as `explain`, so verdicts agree; it is handed only that
 * Service's candidates (its slices by label, its Endpoints by name, pods by an index on the
 * selector's labels plus targetRef'd pods), so 2,000 Services over 20,000 pods stay linear
 * instead of 2,000 scans of everything.
 */
import type { EndpointSlice, Endpoints, KubeObject, Pod, Service } from '../../kubernetes/objects.ts';
import { isEndpointSlice, isEndpoints, isIngress, isIngressClass, isNamespace, isPod, isService, LABEL_SERVICE_NAME } from '../../kubernetes/objects.ts';
import { referencedPodNames } from '../../kubernetes/targetRef.ts';
import { selectService } from '../../model/select.ts';
import type { Snapshot, UnknownResource } from '../../model/snapshot.ts';
import type { FetchedObjects } from './fetch.ts';

interface NamespaceIndex {
  slices: Map<string, EndpointSlice[]>;
  endpoints: Map<string, Endpoints>;
  podsByName: Map<string, Pod>;
  /** "key=value" → pods with that label. */
  podsByLabel: Map<string, Pod[]>;
  /** The Namespace object itself, its Ingresses: what `selectService` picks the fronts from. */
  fronts: KubeObject[];
}

/**
 * `list` reads no Nodes and no Events (scope.ts): for each Service they are unknown, not empty, so
 * no pod is said to have a Ready node or a probe with nothing to quote.
 */
const NOT_READ: UnknownResource[] = [
  { kind: 'Node', why: 'not read by list' },
  { kind: 'Event', why: 'not read by list' },
];

export function selectEveryService(fetched: FetchedObjects): Snapshot[] {
  const index = indexByNamespace(fetched.objects);
  const services = fetched.objects.filter(isService);
  const unknown = [...fetched.unknown, ...NOT_READ];
  const classes = fetched.objects.filter(isIngressClass);
  return services.map((service) => {
    const namespace = service.metadata.namespace ?? 'default';
    const candidates = [...candidatesFor(service, index.get(namespace)), ...classes];
    return selectService(candidates, { name: service.metadata.name, namespace }, { unknown });
  });
}

function candidatesFor(service: Service, ns: NamespaceIndex | undefined): KubeObject[] {
  if (!ns) return [service];
  const slices = ns.slices.get(service.metadata.name) ?? [];
  const endpoints = ns.endpoints.get(service.metadata.name);
  const pods = new Set<Pod>(podsMatching(service.spec?.selector, ns));
  for (const name of referencedPodNames(slices, endpoints, service.metadata.namespace ?? 'default')) {
    const pod = ns.podsByName.get(name);
    if (pod) pods.add(pod);
  }
  return [service, ...slices, ...(endpoints ? [endpoints] : []), ...pods, ...ns.fronts];
}

/** Pods carrying every selector label: the shortest per-label list, filtered by the rest. */
function podsMatching(selector: Record<string, string> | undefined, ns: NamespaceIndex): Pod[] {
  const pairs = Object.entries(selector ?? {});
  if (pairs.length === 0) return [];
  const lists = pairs.map(([k, v]) => ns.podsByLabel.get(`${k}=${v}`) ?? []);
  const shortest = lists.reduce((a, b) => (b.length < a.length ? b : a));
  return shortest.filter((pod) => pairs.every(([k, v]) => pod.metadata.labels?.[k] === v));
}

function indexByNamespace(objects: readonly KubeObject[]): Map<string, NamespaceIndex> {
  const index = new Map<string, NamespaceIndex>();
  const of = (o: KubeObject): NamespaceIndex => {
    const ns = o.metadata?.namespace ?? 'default';
    let entry = index.get(ns);
    if (!entry) index.set(ns, (entry = { slices: new Map(), endpoints: new Map(), podsByName: new Map(), podsByLabel: new Map(), fronts: [] }));
    return entry;
  };
  for (const o of objects) {
    // A Namespace is filed under its own name: the namespace it describes.
    if (isNamespace(o)) of({ metadata: { namespace: o.metadata.name } }).fronts.push(o);
    else if (isIngress(o)) of(o).fronts.push(o);
    else if (isEndpointSlice(o)) {
      const service = o.metadata.labels?.[LABEL_SERVICE_NAME];
      if (service) pushTo(of(o).slices, service, o);
    } else if (isEndpoints(o)) of(o).endpoints.set(o.metadata.name, o);
    else if (isPod(o)) {
      const ns = of(o);
      ns.podsByName.set(o.metadata.name, o);
      for (const [k, v] of Object.entries(o.metadata.labels ?? {})) pushTo(ns.podsByLabel, `${k}=${v}`, o);
    }
  }
  return index;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Reads one Service and what belongs to it from the API server, with the fewest and narrowest
 * requests, in parallel where the data allows:
 *   round 1: GET the Service | LIST its EndpointSlices (`kubernetes.io/service-name=NAME`) |
 *            GET its Endpoints | LIST pods by the Service's own selector (as soon as the Service is in);
 *            LIST the namespace's Ingresses (load balancers in front: fronts.ts);
 *   round 2: GET pods an endpoint's targetRef names that the selector did not return |
 *            the Nodes of the pods and endpoints | Warning events of the pods that are not Ready |
 *            the Namespace and IngressClasses, when a load balancer may be in front;
 *   round 3 (rare): nodes and events of pods found in round 2.
 * Two narrow extras: the Nodes the --iptables dumps are named after (to check those names), and,
 * only when the selector matched no pod, one page of the namespace's pods (to name near misses).
 * Only GETs (get/list). A forbidden resource other than the Service is recorded as unknown.
 */
import { InputError } from '../../failures.ts';
import type { Endpoints, KubeObject, NodeObject, Pod, Service } from '../../kubernetes/objects.ts';
import { isEndpointSlice, LABEL_SERVICE_NAME } from '../../kubernetes/objects.ts';
import { formatSelector } from '../../kubernetes/labels.ts';
import { referencedPodNames } from '../../kubernetes/targetRef.ts';
import type { UnknownResource } from '../../model/snapshot.ts';
import type { KubeClient } from './client.ts';
import { notKubernetesApi } from './discovery.ts';
import { fetchPodEvents, notReadyPods } from './events.ts';
import { ApiError } from './failures.ts';
import { Gathering, getOrNull } from './gathering.ts';
import { fetchFrontObjects, listIngresses } from './fronts.ts';
import { fetchNodes, nodeNamesOf } from './nodes.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

export interface LiveServiceRef {
  namespace: string;
  name: string;
}

/** Objects as served, plus the resources that could not be read: the input of `selectService`. */
export interface FetchedObjects {
  objects: KubeObject[];
  unknown: UnknownResource[];
}

/** `known`: Node objects already read (`--collect-dataplane=all` lists them), kept and not read again. */
export async function fetchServiceObjects(client: KubeClient, ref: LiveServiceRef, dumpNodes: readonly string[] = [], known: readonly NodeObject[] = []): Promise<FetchedObjects> {
  const g = new Gathering();
  g.add(known);
  const service = readService(client, ref);
  const [svc, slices, endpoints, pods, ingresses] = await Promise.all([
    service,
    g.tolerate('EndpointSlice', () => listAll(client, paths.endpointSlices(ref.namespace), { labelSelector: `${LABEL_SERVICE_NAME}=${ref.name}` }), [], true),
    g.tolerate('Endpoints', () => getOrNull(() => client.get<Endpoints>(paths.endpoints(ref.namespace, ref.name))), null),
    service.then((s) => selectedPods(client, s, g)),
    listIngresses(client, ref.namespace, g),
  ]);
  g.add([svc, ...slices, ...(endpoints ? [endpoints] : []), ...pods, ...ingresses]);
  const missing = referencedPodNames(slices.filter(isEndpointSlice), endpoints, ref.namespace).filter((name) => !pods.some((p) => p.metadata?.name === name));
  const nodes = new Set([...nodeNamesOf(g.objects), ...dumpNodes]);
  const knownNames = new Set(known.map((n) => n.metadata.name));
  const [extra, , , neighbours] = await Promise.all([
    podsByName(client, ref.namespace, missing, g),
    fetchNodes(client, new Set([...nodes].filter((n) => !knownNames.has(n))), g),
    fetchPodEvents(client, ref.namespace, notReadyPods(pods), g),
    pods.length === 0 ? namespacePods(client, svc, g) : [],
    fetchFrontObjects(client, svc, ingresses, g),
  ]);
  g.add([...extra, ...neighbours]);
  const extraNodes = new Set([...nodeNamesOf(extra)].filter((n) => !nodes.has(n) && !knownNames.has(n)));
  await Promise.all([fetchNodes(client, extraNodes, g), fetchPodEvents(client, ref.namespace, notReadyPods(extra), g)]);
  return { objects: g.objects, unknown: g.unknown };
}

async function readService(client: KubeClient, ref: LiveServiceRef): Promise<Service> {
  try {
    return await client.get<Service>(paths.service(ref.namespace, ref.name));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      const notApi = await notKubernetesApi(client);
      if (notApi !== null) throw new InputError(`${client.server} answered 404 to GET ${paths.service(ref.namespace, ref.name)} and is not a Kubernetes API server (${notApi}): check "server" in your kubeconfig (or --server)`);
      throw new InputError(`service "${ref.name}" not found in namespace "${ref.namespace}"`);
    }
    if (err instanceof ApiError && err.status === 403) {
      throw new InputError(`${err.serverMessage}: kubectl slices needs at least get on services in namespace "${ref.namespace}" (and list on endpointslices, pods and events, get on endpoints and nodes)`);
    }
    throw err;
  }
}

/** The pods the Service's selector matches, selected by the server. No selector: none (its endpoints are managed by hand). */
async function selectedPods(client: KubeClient, service: Service, g: Gathering): Promise<KubeObject[]> {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const namespace = service.metadata.namespace ?? 'default';
  return g.tolerate('Pod', () => listAll(client, paths.pods(namespace), { labelSelector: formatSelector(selector) }), []);
}

/**
 * The selector matched nothing: the namespace's pods, one page of at most NEIGHBOURS_MAX, so the
 * pods that miss the selector by one label can be named. Only what was read is ever named; a
 * refusal leaves the near misses unknown (nothing is said), the selector's own list stands.
 */
export const NEIGHBOURS_MAX = 500;

async function namespacePods(client: KubeClient, service: Service, g: Gathering): Promise<KubeObject[]> {
  if (!service.spec?.selector || Object.keys(service.spec.selector).length === 0 || g.isUnknown('Pod')) return [];
  try {
    const page = await client.get<{ items?: KubeObject[] | null }>(paths.pods(service.metadata.namespace ?? 'default'), { limit: String(NEIGHBOURS_MAX) });
    // Items of a PodList come without kind and apiVersion; selectService reads the kind.
    return (page.items ?? []).map((item) => ({ apiVersion: 'v1', kind: 'Pod', ...item }));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return [];
    throw err;
  }
}

async function podsByName(client: KubeClient, namespace: string, names: readonly string[], g: Gathering): Promise<KubeObject[]> {
  if (names.length === 0 || g.isUnknown('Pod')) return [];
  const pods = await Promise.all(names.map((name) => g.tolerate('Pod', () => getOrNull(() => client.get<Pod>(paths.pod(namespace, name))), null)));
  return pods.filter((p): p is Pod => p !== null);
}

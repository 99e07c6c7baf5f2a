/**
 * The reads behind `explain pod/NAME`, `explain deploy/NAME` and `explain -l SELECTOR` on a live
 * cluster, each as narrow as the question allows: GET the pod, or GET the workload and LIST its
 * pods by its own selector (server side); LIST the namespace's Services once (a Service selects
 * pods by their labels, so which ones select them cannot be asked of the server); or LIST
 * Services by the -l selector (server side). Each Service found is then read as `explain` reads
 * one (snapshot.ts).
 */
import { InputError } from '../../failures.ts';
import type { KubeObject, Pod, Service } from '../../kubernetes/objects.ts';
import { WORKLOAD_RESOURCE, type Target, type WorkloadKind } from '../../kubernetes/target.ts';
import { workloadPods, type StartPods, type Workload } from '../../model/start.ts';
import type { KubeClient } from './client.ts';
import { ApiError } from './failures.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

export interface LiveStart {
  start: StartPods;
  /** The namespace's Services, to match against the pods. */
  services: Service[];
}

export async function fetchStart(client: KubeClient, target: Target, namespace: string): Promise<LiveStart> {
  const services = listAll(client, paths.services(namespace)).catch((err: unknown) => forbidden(err, `list on services in namespace "${namespace}"`));
  const start = target.kind === 'Pod' ? podStart(client, target.name, namespace) : workloadStart(client, target.kind as WorkloadKind, target.name, namespace);
  const [s, list] = await Promise.all([start, services]);
  return { start: s, services: list as Service[] };
}

async function podStart(client: KubeClient, name: string, namespace: string): Promise<StartPods> {
  const pod = await getNamed<Pod>(client, paths.pod(namespace, name), `pod "${name}"`, namespace);
  return { namespace, pods: [pod], selector: null, templateLabels: null };
}

async function workloadStart(client: KubeClient, kind: WorkloadKind, name: string, namespace: string): Promise<StartPods> {
  const workload = await getNamed<Workload>(client, paths.workload(namespace, WORKLOAD_RESOURCE[kind], name), `${kind.toLowerCase()} "${name}"`, namespace);
  const wanted = workloadPods({ ...workload, kind }, []);
  if (!wanted.selector) return wanted;
  const pods = await listAll(client, paths.pods(namespace), { labelSelector: wanted.selector }).catch((err: unknown) => forbidden(err, `list on pods in namespace "${namespace}"`));
  return { ...wanted, pods: pods as Pod[] };
}

/** Services of `namespace` whose labels match `-l` (selected by the server). */
export async function fetchServicesBySelector(client: KubeClient, namespace: string, selector: string): Promise<Service[]> {
  try {
    return (await listAll(client, paths.services(namespace), { labelSelector: selector })) as Service[];
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) throw new InputError(`invalid -l selector "${selector}": ${err.serverMessage}`);
    return forbidden(err, `list on services in namespace "${namespace}"`);
  }
}

async function getNamed<T extends KubeObject>(client: KubeClient, path: string, what: string, namespace: string): Promise<T> {
  try {
    return await client.get<T>(path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw new InputError(`${what} not found in namespace "${namespace}"`);
    return forbidden(err, `get on ${what.split(' ')[0]}s in namespace "${namespace}"`);
  }
}

/** Without these reads there is nothing to start from: a 403 is an error that says which permission is missing. */
function forbidden(err: unknown, need: string): never {
  if (err instanceof ApiError && err.status === 403) throw new InputError(`${err.serverMessage}: kubectl slices explain needs ${need}`);
  throw err;
}

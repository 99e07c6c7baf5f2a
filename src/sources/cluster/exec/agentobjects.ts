/**
 * Reads what the node plans need, in the agents' namespace: the agent pods (two label selectors,
 * src/dataplane/agentpods.ts), the kube-proxy and Cilium DaemonSets, and the ConfigMaps that
 * kube-proxy pods read with --config. Only GETs. A 403 (or a 404 for a resource the server does
 * not serve) makes that input unknown with the server's words; it never stops the rest.
 */
import { AGENT_POD_SELECTORS, agentKindOf, containerOf } from '../../../dataplane/agentpods.ts';
import type { AgentObjects, Listing } from '../../../dataplane/nodeplan.ts';
import { commandLineOf, configSource, flagValue, type ConfigMapRead } from '../../../dataplane/proxymode.ts';
import type { KubeObject } from '../../../kubernetes/objects.ts';
import type { KubeClient } from '../client.ts';
import { ApiError } from '../failures.ts';
import { listAll } from '../paging.ts';

export const AGENT_NAMESPACE = 'kube-system';

const seg = encodeURIComponent;
const podsPath = (ns: string): string => `/api/v1/namespaces/${seg(ns)}/pods`;
const daemonSetsPath = (ns: string): string => `/apis/apps/v1/namespaces/${seg(ns)}/daemonsets`;
const configMapPath = (ns: string, name: string): string => `/api/v1/namespaces/${seg(ns)}/configmaps/${seg(name)}`;

export async function fetchAgentObjects(client: KubeClient, namespace = AGENT_NAMESPACE): Promise<AgentObjects> {
  const [pods, daemonSets] = await Promise.all([
    listing(async () => dedupe((await Promise.all(AGENT_POD_SELECTORS.map((labelSelector) => listAll(client, podsPath(namespace), { labelSelector })))).flat())),
    listing(() => listAll(client, daemonSetsPath(namespace), { labelSelector: 'k8s-app in (kube-proxy,cilium)' })),
  ]);
  const names = pods.state === 'read' ? configMapNames(pods.items) : [];
  const reads = await Promise.all(names.map(async (name) => [name, await readConfigMap(client, namespace, name)] as const));
  const configMaps = new Map(reads);
  return {
    namespace, pods, daemonSets,
    configMaps: (ns, name) => (ns === namespace ? configMaps.get(name) : undefined) ?? { state: 'unknown', why: `ConfigMap ${ns}/${name} was not read` },
  };
}

async function listing(read: () => Promise<KubeObject[]>): Promise<Listing> {
  try {
    return { state: 'read', items: await read() };
  } catch (err) {
    return { state: 'unknown', why: unreadable(err) };
  }
}

async function readConfigMap(client: KubeClient, namespace: string, name: string): Promise<ConfigMapRead> {
  try {
    const cm = await client.get<{ data?: Record<string, string> }>(configMapPath(namespace, name));
    return { state: 'read', data: cm.data ?? {} };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { state: 'absent' };
    return { state: 'unknown', why: unreadable(err) };
  }
}

/** 403 and 404 are "unknown, because"; anything else (the server is down) is the caller's failure. */
function unreadable(err: unknown): string {
  if (err instanceof ApiError && err.status === 403) return `forbidden: ${err.serverMessage || 'no reason given'}`;
  if (err instanceof ApiError && err.status === 404) return `not served by this API server: ${err.serverMessage}`;
  throw err;
}

/** The ConfigMaps behind the --config of kube-proxy pods (kubeadm: one, `kube-proxy`). */
function configMapNames(pods: readonly KubeObject[]): string[] {
  const names = new Set<string>();
  for (const pod of pods) {
    if (agentKindOf(pod) !== 'kube-proxy') continue;
    const container = containerOf(pod, 'kube-proxy');
    const config = flagValue(commandLineOf(pod, container), 'config');
    const source = config === null ? null : configSource(pod, container, config);
    if (source?.from === 'configmap') names.add(source.configMap);
  }
  return [...names];
}

function dedupe(pods: readonly KubeObject[]): KubeObject[] {
  const seen = new Map<string, KubeObject>();
  for (const p of pods) seen.set(p.metadata?.uid ?? `${p.metadata?.namespace}/${p.metadata?.name}`, p);
  return [...seen.values()];
}

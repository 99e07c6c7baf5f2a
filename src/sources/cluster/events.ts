/**
 * Warning events about pods that are not Ready, so a verdict can quote the kubelet's own words
 * ("Readiness probe failed: ..."). Two ways to ask, chosen by request count:
 * - one LIST per pod, `fieldSelector=involvedObject.kind=Pod,involvedObject.name=P,involvedObject.uid=U,type=Warning`:
 *   exact, tiny answers, but N requests for N pods;
 * - one namespace-wide LIST, `fieldSelector=involvedObject.kind=Pod,type=Warning`, paginated:
 *   ceil(W/500) requests where W is the namespace's Warning pod events, which the API server keeps
 *   for one hour (--event-ttl). In a rollout with 300 pods failing their probes that is one or two
 *   requests instead of 300, so past EVENT_LISTS_PER_POD_MAX pods the namespace-wide list wins.
 * Either way only events of these pods, with their uid (a StatefulSet pod reuses its name), are
 * kept, so the explanation and a snapshot do not depend on the choice.
 */
import { isEvent, isPod, type EventObject, type KubeObject, type Pod } from '../../kubernetes/objects.ts';
import { isTerminal, podCondition } from '../../kubernetes/pod.ts';
import type { KubeClient } from './client.ts';
import type { Gathering } from './gathering.ts';
import { listAll } from './paging.ts';
import { paths } from './paths.ts';

export const EVENT_LISTS_PER_POD_MAX = 8;
const POD_WARNINGS = 'involvedObject.kind=Pod,type=Warning';

export async function fetchPodEvents(client: KubeClient, namespace: string, pods: readonly Pod[], gathering: Gathering): Promise<void> {
  if (pods.length === 0 || gathering.isUnknown('Event')) return;
  const read = pods.length > EVENT_LISTS_PER_POD_MAX
    ? () => listAll(client, paths.events(namespace), { fieldSelector: POD_WARNINGS })
    : async () => (await Promise.all(pods.map((pod) => listAll(client, paths.events(namespace), { fieldSelector: podSelector(pod) })))).flat();
  const events = await gathering.tolerate('Event', read, []);
  const uids = new Map(pods.map((p) => [p.metadata.name, p.metadata.uid]));
  gathering.add(events.filter(isEvent).filter((e) => isAbout(e, uids)));
}

/** Pods whose events can explain them: not Ready, and not finished (Succeeded/Failed pods get no traffic by design). */
export function notReadyPods(objects: readonly KubeObject[]): Pod[] {
  return objects.filter(isPod).filter((o) => !isTerminal(o) && podCondition(o, 'Ready')?.status !== 'True');
}

function podSelector(pod: Pod): string {
  const uid = pod.metadata.uid ? `,involvedObject.uid=${pod.metadata.uid}` : '';
  return `${POD_WARNINGS},involvedObject.name=${pod.metadata.name}${uid}`;
}

function isAbout(event: EventObject, uids: Map<string, string | undefined>): boolean {
  const name = event.involvedObject?.name ?? '';
  if (!uids.has(name)) return false;
  const uid = uids.get(name);
  return !uid || !event.involvedObject?.uid || event.involvedObject.uid === uid;
}

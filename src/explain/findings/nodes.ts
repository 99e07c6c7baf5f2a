/**
 * Pods still Ready, and routed, on a node whose Ready condition is not True. The node lifecycle
 * controller sets a node's conditions to Unknown once its kubelet has posted no status for
 * --node-monitor-grace-period (40s; 50s since 1.32, kubernetes#126287), taints it
 * node.kubernetes.io/unreachable (node.kubernetes.io/not-ready for False), and marks its pods
 * NotReady only when Ready leaves True (pkg/controller/nodelifecycle/node_lifecycle_controller.go
 * monitorNodeHealth -> pkg/controller/util/node/controller_utils.go MarkPodsNotReady): a node that
 * was Ready=False before it went Unknown keeps its pods Ready (kubernetes#112733). Until they are
 * marked, the slices keep them ready and every kube-proxy keeps routing to them. The taint
 * eviction controller deletes them once their toleration of the NoExecute taint runs out
 * (pkg/controller/tainteviction; DefaultTolerationSeconds admission gives each pod 300s).
 */
import { shortPodName } from '../../kubernetes/pod.ts';
import type { NodeCondition, NodeObject, Pod, Toleration } from '../../kubernetes/objects.ts';
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

export function nodeFindings({ view, pods }: FindingInput): Finding[] {
  const routed = new Set(pods.filter((p) => p.ready === 'True' && (p.receivesTraffic || p.verdict === 'partial')).map((p) => p.name));
  const byNode = new Map<string, { node: NodeObject; ready: NodeCondition; pods: Pod[] }>();
  for (const v of view.pods) {
    const ready = v.node?.status?.conditions?.find((c) => c.type === 'Ready');
    if (v.phantom || !v.node || !ready || ready.status === 'True' || !routed.has(v.pod.metadata.name)) continue;
    const group = byNode.get(v.node.metadata.name) ?? { node: v.node, ready, pods: [] };
    group.pods.push(v.pod);
    byNode.set(v.node.metadata.name, group);
  }
  return [...byNode.values()].map(({ node, ready, pods: onNode }) => ({
    code: 'ReadyOnNotReadyNode' as const,
    severity: 'warning' as const,
    message: `${nodeState(node, ready)}, yet ${podsPhrase(onNode)} still Ready and routed. The node lifecycle controller marks a node's pods NotReady when its Ready condition leaves True (MarkPodsNotReady), but not after a Ready=False spell (kubernetes#112733); ${eviction(node, ready, onNode)}`,
  }));
}

/** `node X is Ready=Unknown since T (NodeStatusUnknown: Kubelet stopped posting node status.; last heartbeat T0)`. */
function nodeState(node: NodeObject, ready: NodeCondition): string {
  const since = ready.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : '';
  const detail = [ready.reason ? `${ready.reason}${ready.message ? `: ${ready.message}` : ''}` : '', ready.lastHeartbeatTime ? `last heartbeat ${ready.lastHeartbeatTime}` : ''].filter(Boolean);
  return `node ${node.metadata.name} is Ready=${ready.status}${since}${detail.length > 0 ? ` (${detail.join('; ')})` : ''}`;
}

function podsPhrase(pods: readonly Pod[]): string {
  const names = pods.map((p) => shortPodName(p.metadata)).join(', ');
  return pods.length === 1 ? `its pod ${names} is` : `its ${pods.length} pods ${names} are`;
}

/**
 * What the NoExecute taint of that condition does to them: its timeAdded, and each pod's
 * toleration of it (a toleration without tolerationSeconds tolerates it forever; none: evicted at
 * once). Read from the objects, not assumed.
 */
function eviction(node: NodeObject, ready: NodeCondition, pods: readonly Pod[]): string {
  const key = ready.status === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
  const taint = node.spec?.taints?.find((t) => t.key === key && t.effect === 'NoExecute');
  if (!taint) return `the node has no ${key}:NoExecute taint, so no eviction has started`;
  const since = taint.timeAdded ? ` since ${taint.timeAdded}` : '';
  const seconds = pods.map((p) => tolerationSeconds(p, key));
  const same = seconds.every((s) => s === seconds[0]);
  const each = same ? tolerance(pods.length === 1 ? 'it' : 'they', seconds[0] ?? 0, pods.length) : pods.map((p, i) => tolerance(shortPodName(p.metadata), seconds[i] ?? 0, 1)).join(', ');
  return `the node has had the ${key}:NoExecute taint${since}, which evicts a pod once its toleration runs out: ${each}`;
}

/** `they tolerate it for 300s`, `aaaaa does not tolerate it`, `bbbbb tolerates it with no time limit (never evicted for it)`. */
function tolerance(subject: string, seconds: number, count: number): string {
  const s = count === 1 ? 's' : '';
  if (seconds === Infinity) return `${subject} tolerate${s} it with no time limit (never evicted for it)`;
  if (seconds <= 0) return `${subject} ${count === 1 ? 'does' : 'do'} not tolerate it`;
  return `${subject} tolerate${s} it for ${seconds}s`;
}

/**
 * How long the pod tolerates `key`:NoExecute, as the taint eviction controller reads it
 * (pkg/controller/tainteviction/taint_eviction.go getMinTolerationTime): the shortest
 * tolerationSeconds of the matching tolerations, Infinity when none sets one, 0 when none matches.
 */
function tolerationSeconds(pod: Pod, key: string): number {
  const matching = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, key));
  if (matching.length === 0) return 0;
  const limits = matching.flatMap((t) => (t.tolerationSeconds === undefined ? [] : [Math.max(t.tolerationSeconds, 0)]));
  return limits.length === 0 ? Infinity : Math.min(...limits);
}

/** core/v1 Toleration.ToleratesTaint for a taint with no value: an empty key with Exists matches every key. */
function tolerates(t: Toleration, key: string): boolean {
  if (t.effect !== undefined && t.effect !== 'NoExecute') return false;
  if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === key;
  return t.key === key && (t.value ?? '') === '';
}

/** kube-apiserver's pod columns: NAME READY STATUS RESTARTS AGE, and with -o wide IP NODE NOMINATED NODE READINESS GATES. */
import type { KubeObject, Pod } from '../../src/kubernetes/objects.ts';
import { AGE, age, column, NAME, type Cell, type Printer } from './columns.ts';

export const POD_PRINTER: Printer = {
  columns: [
    NAME,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    column('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    column('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells: podCells,
};

function podCells(obj: KubeObject, now: Date): Cell[] {
  const pod = obj as Pod;
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
  const nominated = (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
  return [pod.metadata.name, `${ready}/${total}`, podStatusReason(pod), String(restarts), age(pod, now),
    pod.status?.podIP || '<none>', pod.spec?.nodeName || '<none>', nominated || '<none>', readinessGates(pod)];
}

/** The STATUS column: phase, overridden by a container's waiting/terminated reason, or Terminating. */
function podStatusReason(pod: Pod): string {
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  for (const s of pod.status?.containerStatuses ?? []) {
    const waiting = s.state?.waiting?.reason;
    const terminated = s.state?.terminated;
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated.reason || (terminated.exitCode ? `ExitCode:${terminated.exitCode}` : 'Completed');
  }
  if (pod.metadata.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** "<none>", or "1/2": how many readiness gates have a True condition. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const trueConditions = new Set((pod.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type));
  return `${gates.filter((g) => trueConditions.has(g.conditionType)).length}/${gates.length}`;
}

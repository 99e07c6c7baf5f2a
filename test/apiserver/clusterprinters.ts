/** kube-apiserver's columns for Nodes, Namespaces and Events. */
import type { EventObject, KubeObject, NodeObject } from '../../src/kubernetes/objects.ts';
import { AGE, age, column, NAME, nameOf, since, type Printer } from './columns.ts';

export const NODE_PRINTER: Printer = {
  columns: [
    NAME,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    AGE,
    column('Version', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    column('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    column('Kernel-Version', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).', 1),
    column('Container-Runtime', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells: (obj, now) => {
    const node = obj as NodeObject;
    const info = ((node.status as { nodeInfo?: Record<string, string> } | undefined)?.nodeInfo) ?? {};
    const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
    return [nameOf(node), nodeStatus(node), nodeRoles(node), age(node, now), info.kubeletVersion ?? '',
      address('InternalIP'), address('ExternalIP'), info.osImage ?? '<unknown>', info.kernelVersion ?? '<unknown>', info.containerRuntimeVersion ?? '<unknown>'];
  },
};

function nodeStatus(node: NodeObject): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return node.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

function nodeRoles(node: NodeObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length)).filter((r) => r !== '').sort();
  return roles.length ? roles.join(',') : '<none>';
}

export const NAMESPACE_PRINTER: Printer = {
  columns: [NAME, column('Status', 'The status of the namespace'), AGE],
  cells: (obj, now) => [nameOf(obj), String((obj.status as { phase?: string } | undefined)?.phase ?? ''), age(obj, now)],
};

export const EVENT_PRINTER: Printer = {
  columns: [
    column('Last Seen', 'Time when this Event was last seen'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    column('Reason', 'Short, machine understandable string that gives the reason for this event being generated.'),
    column('Object', 'The object this Event is about.'),
    column('Subobject', 'The subobject this Event is about.', 1),
    column('Source', 'The component reporting this event.', 1),
    column('Message', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'Time when this Event was first seen', 1),
    column('Count', 'The number of times this event has occurred.', 1),
    { ...NAME, priority: 1 },
  ],
  cells: (obj: KubeObject, now) => {
    const event = obj as EventObject;
    const involved = event.involvedObject ?? {};
    const source = (event.source as { component?: string; host?: string } | undefined) ?? {};
    const last = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
    return [since(last, now), event.type ?? '', event.reason ?? '', `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
      String((involved as { fieldPath?: string }).fieldPath ?? ''), [source.component, source.host].filter(Boolean).join(', '),
      (event.message ?? '').trim(), since(event.firstTimestamp ?? event.eventTime, now), event.series?.count ?? event.count ?? 1, nameOf(event)];
  },
};

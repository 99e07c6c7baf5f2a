/**
 * Fluent builders for the objects the explain core reads, in wire form. They produce what the
 * controllers would write, so a test states only what differs from a healthy Service.
 */
import { podContext } from '../../src/explain/context.ts';
import { explainView } from '../../src/explain/explain.ts';
import type { FindingInput } from '../../src/explain/findings/input.ts';
import type { EndpointSlice, EndpointSliceEndpoint, Endpoints, EventObject, Pod, Service } from '../../src/kubernetes/objects.ts';
import type { EndpointShare, NodeRules, ServicePortRules } from '../../src/dataplane/types.ts';
import { joinService } from '../../src/model/join.ts';
import type { Snapshot } from '../../src/model/snapshot.ts';
import type { PodView, PortView, ServiceView } from '../../src/model/view.ts';

export function service(name = 'web', extra: Partial<NonNullable<Service['spec']>> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `svc-${name}` },
    spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: name }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], ...extra },
  };
}

export interface PodOptions {
  ready?: boolean;
  ip?: string | null;
  node?: string;
  phase?: NonNullable<Pod['status']>['phase'];
  probe?: boolean;
  deleting?: boolean;
  /** deletionGracePeriodSeconds of a deleting pod: its deletionTimestamp is delete time + this. */
  grace?: number;
  app?: string;
  portName?: string;
  gate?: { type: string; status: 'True' | 'False' } ;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const ready = o.ready ?? true;
  const ip = o.ip === undefined ? `10.244.0.${[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 250, 7) + 2}` : o.ip;
  const containersReady = o.gate ? true : ready;
  const conditions = [
    { type: 'PodScheduled', status: 'True' as const },
    { type: 'ContainersReady', status: containersReady ? ('True' as const) : ('False' as const) },
    { type: 'Ready', status: ready ? ('True' as const) : ('False' as const), ...(ready ? {} : { reason: o.gate ? 'ReadinessGatesNotReady' : 'ContainersNotReady' }) },
    ...(o.gate ? [{ type: o.gate.type, status: o.gate.status }] : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, generateName: name.slice(0, name.lastIndexOf('-') + 1), namespace: 'default', uid: `uid-${name}`, labels: { app: o.app ?? 'web' }, ...(o.deleting ? { deletionTimestamp: '2024-07-03T08:00:00Z', ...(o.grace === undefined ? {} : { deletionGracePeriodSeconds: o.grace }) } : {}) },
    spec: {
      nodeName: o.node ?? 'node-a',
      containers: [
        {
          name: 'app',
          ports: [{ containerPort: 8080, protocol: 'TCP', ...(o.portName ? { name: o.portName } : {}) }],
          ...(o.probe === false ? {} : { readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 3 } }),
        },
      ],
      ...(o.gate ? { readinessGates: [{ conditionType: o.gate.type }] } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions,
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      containerStatuses: [{ name: 'app', ready: containersReady, started: true, restartCount: 0, state: { running: { startedAt: '2024-07-03T07:58:40Z' } } }],
    },
  };
}

/** The endpoint the EndpointSlice controller writes for a pod (utils.go podToEndpoint). */
export function endpointFor(p: Pod, pnra = false): EndpointSliceEndpoint {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const terminating = Boolean(p.metadata.deletionTimestamp);
  return {
    addresses: [p.status?.podIP ?? ''],
    conditions: { ready: pnra || (ready && !terminating), serving: pnra || ready, terminating },
    nodeName: p.spec?.nodeName,
    targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default', uid: p.metadata.uid },
  };
}

export function slice(name: string, endpoints: EndpointSliceEndpoint[], svc = 'web', ports = [{ name: '', port: 8080, protocol: 'TCP' as const }]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

/** The Endpoints the Endpoints controller writes: ready pods in addresses, not-ready ones apart. */
export function endpointsFor(pods: Pod[], svc = 'web'): Endpoints {
  const ref = (p: Pod) => ({ ip: p.status?.podIP ?? '', nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'default' } });
  const live = pods.filter((p) => p.status?.podIP && !p.metadata.deletionTimestamp);
  const isReady = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: svc, namespace: 'default' },
    subsets: [{ addresses: live.filter(isReady).map(ref), notReadyAddresses: live.filter((p) => !isReady(p)).map(ref), ports: [{ port: 8080, protocol: 'TCP' }] }],
  };
}

export function probeFailure(p: Pod, message: string, count = 5): EventObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${p.metadata.name}.17de`, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: p.metadata.name, namespace: 'default', fieldPath: 'spec.containers{app}' } as EventObject['involvedObject'],
    reason: 'Unhealthy',
    type: 'Warning',
    message,
    count,
    lastTimestamp: '2024-07-03T07:59:19Z',
  };
}

export function snapshot(parts: Partial<Snapshot> & { service: Service }): Snapshot {
  return { endpointSlices: [], endpoints: null, pods: [], nodes: [], events: [], namespace: null, ingresses: [], ingressClasses: [], unknown: [], ...parts };
}

/** One node's decoded rules for a service port, with kube-proxy's equal shares. */
export function nodeRules(node: string, ports: Partial<ServicePortRules>[], completeness: NodeRules['completeness'] = 'complete'): NodeRules {
  return {
    node,
    source: `${node}.txt`,
    dataplane: 'iptables',
    routing: { shown: true },
    completeness,
    services: ports.map((p) => ({
      service: 'default/web',
      port: '',
      protocol: 'tcp',
      frontends: [{ type: 'clusterIP', ip: '10.96.0.10', port: 80 }],
      endpoints: [],
      localEndpoints: null,
      clusterIPChain: 'cluster',
      noEndpoints: null,
      affinitySeconds: null,
      chains: [],
      ...p,
    })),
    orphanEndpoints: [],
    warnings: [],
  };
}

export function shares(ips: string[], port = 8080): EndpointShare[] {
  return ips.map((ip) => ({ ip, port, share: 1 / ips.length, chain: `KUBE-SEP-${ip}` }));
}

/** The joined view the rules read, for a snapshot of these parts (and dumps). */
export function viewOf(parts: Partial<Snapshot> & { service: Service }, dumps: NodeRules[] = []): ServiceView {
  return joinService(snapshot(parts), dumps);
}

/** One pod of a view, by name. */
export function podIn(view: ServiceView, name: string): PodView {
  const found = view.pods.find((p) => p.pod.metadata.name === name);
  if (!found) throw new Error(`no pod ${name} in the view`);
  return found;
}

/** A port of a view, by label (the first one by default). */
export function portIn(view: ServiceView, label?: string): PortView {
  const found = label === undefined ? view.ports[0] : view.ports.find((p) => p.label === label);
  if (!found) throw new Error(`no port ${label ?? ''} in the view`);
  return found;
}

/** What the Service-level rules read; the pods' reports come from the pod rules, `drifting` as given. */
export function findingInput(parts: Partial<Snapshot> & { service: Service }, dumps: NodeRules[] = [], drifting: FindingInput['drifting'] = []): FindingInput {
  const view = viewOf(parts, dumps);
  const { service: report, pods, termination } = explainView(view);
  return { view, service: report, pods, routing: podContext(view).routing, drifting, termination };
}

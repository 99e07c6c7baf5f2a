/**
 * The demo's objects in wire form, as the API server would serve them: a 3-replica Deployment's
 * pods behind a Service, the EndpointSlice and Endpoints its controllers write, the kubelet's
 * probe-failure Event. Each call returns a new object with the next resourceVersion.
 */
import type { EndpointSlice, Endpoints, EventObject, NodeObject, Pod, Service } from '../../kubernetes/objects.ts';

export const DEMO_NAMESPACE = 'default';
export const DEMO_SERVICE = 'readiness-demo';
const POD_PREFIX = `${DEMO_SERVICE}-6b9f7c5d4-`;
export const NODE = 'minikube';
const PROBE = { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 3, failureThreshold: 3, successThreshold: 1, timeoutSeconds: 1 };

export interface DemoPod {
  name: string;
  ip: string;
  ready: boolean;
  /** When Ready last changed (RFC 3339). */
  since: string;
}

let resourceVersion = 4100;
const nextVersion = () => String(++resourceVersion);
export const meta = (name: string) => ({ name, namespace: DEMO_NAMESPACE, resourceVersion: nextVersion(), creationTimestamp: '2024-07-03T07:40:00Z' });

export const demoPods = (ready: (suffix: string) => boolean, since: (suffix: string) => string): DemoPod[] =>
  [['qftwz', '10.244.0.6'], ['mbcjg', '10.244.0.7'], ['jl97z', '10.244.0.8']].map(([suffix = '', ip = '']) => ({ name: `${POD_PREFIX}${suffix}`, ip, ready: ready(suffix), since: since(suffix) }));

export function demoService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta(DEMO_SERVICE), uid: 'b0d9a3e4-demo-svc' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.142.17', clusterIPs: ['10.96.142.17'], selector: { app: DEMO_SERVICE }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], sessionAffinity: 'None' },
  };
}

export function demoNode(): NodeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, resourceVersion: nextVersion(), labels: { 'kubernetes.io/hostname': NODE } }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }] } };
}

export function demoPod(p: DemoPod): Pod {
  const status = p.ready ? 'True' : 'False';
  const notReady = p.ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...meta(p.name), generateName: POD_PREFIX, uid: `uid-${p.name}`, labels: { app: DEMO_SERVICE, 'pod-template-hash': '6b9f7c5d4' }, ownerReferences: [{ kind: 'ReplicaSet', name: `${DEMO_SERVICE}-6b9f7c5d4`, controller: true }] },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], readinessProbe: PROBE }] },
    status: {
      phase: 'Running',
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      hostIP: '192.168.49.2',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-07-03T07:40:00Z' },
        { type: 'Initialized', status: 'True', lastTransitionTime: '2024-07-03T07:40:01Z' },
        { type: 'ContainersReady', status, lastTransitionTime: p.since, ...notReady },
        { type: 'Ready', status, lastTransitionTime: p.since, ...notReady },
      ],
      containerStatuses: [{ name: 'app', ready: p.ready, started: true, restartCount: 0, state: { running: { startedAt: '2024-07-03T07:40:03Z' } } }],
    },
  };
}

/** The EndpointSlice controller's view: every pod, ready and serving as its Ready condition says. */
export function demoSlice(pods: DemoPod[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...meta(`${DEMO_SERVICE}-wscv5`), labels: { 'kubernetes.io/service-name': DEMO_SERVICE, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: pods.map((p) => ({
      addresses: [p.ip],
      conditions: { ready: p.ready, serving: p.ready, terminating: false },
      nodeName: NODE,
      targetRef: { kind: 'Pod', name: p.name, namespace: DEMO_NAMESPACE, uid: `uid-${p.name}` },
    })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

/** The Endpoints controller's view: ready pods in addresses, the others in notReadyAddresses. */
export function demoEndpoints(pods: DemoPod[]): Endpoints {
  const address = (p: DemoPod) => ({ ip: p.ip, nodeName: NODE, targetRef: { kind: 'Pod', name: p.name, namespace: DEMO_NAMESPACE, uid: `uid-${p.name}` } });
  const ready = pods.filter((p) => p.ready).map(address);
  const notReady = pods.filter((p) => !p.ready).map(address);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(DEMO_SERVICE),
    subsets: [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
}

/** What the kubelet records on each failed probe: one Event, its count going up. */
export function demoProbeFailure(pod: string, count: number, first: string, last: string): EventObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${pod}.17de4a5b3c2d1e0f`),
    involvedObject: { kind: 'Pod', name: pod, namespace: DEMO_NAMESPACE, uid: `uid-${pod}`, fieldPath: 'spec.containers{app}' } as EventObject['involvedObject'],
    reason: 'Unhealthy',
    type: 'Warning',
    message: "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    count,
    firstTimestamp: first,
    lastTimestamp: last,
  };
}

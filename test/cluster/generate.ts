/**
 * Generates realistic clusters for live tests and benchmarks: a Deployment-like Service with N
 * pods spread over nodes, the EndpointSlices (100 endpoints per slice, as the controller's
 * --max-endpoints-per-slice default) and Endpoints (truncated at 1,000 with the over-capacity
 * annotation) the controllers would write, and the kubelet's Unhealthy events for not-ready pods.
 * Explicit uids and IPs, so events and targetRefs line up as in a cluster.
 */
import type { EndpointSlice, Endpoints, EventObject, KubeObject, NodeObject, Pod, Service } from '../../src/kubernetes/objects.ts';

export interface ServiceSpec {
  name: string;
  namespace?: string;
  pods: number;
  /** How many pods (the last ones) fail their readiness probe. */
  notReady?: number;
  /** Nodes the pods spread over, round robin ("node-0"...). */
  nodes?: number;
  /** First IP index: services of one cluster need disjoint ranges. */
  ipBase?: number;
  selector?: Record<string, string>;
  labels?: Record<string, string>;
}

const HASH = '7d9f8b6c5';
const PROBE_FAILURE = "Readiness probe failed: cat: can't open '/tmp/healthy': No such file or directory";

export function serviceObjects(spec: ServiceSpec): KubeObject[] {
  const namespace = spec.namespace ?? 'default';
  const selector = spec.selector ?? { app: spec.name };
  const pods = Array.from({ length: spec.pods }, (_, i) => podOf(spec, namespace, selector, i));
  // The controllers copy the Service's labels onto its slices and Endpoints.
  const labels = spec.labels ?? { app: spec.name };
  const slices = chunk(pods, 100).map((group, i) => sliceOf(spec.name, namespace, i, group, labels));
  const events = pods.filter((p) => !isReady(p)).map((p) => unhealthyEvent(p));
  return [serviceOf(spec, namespace, selector), ...pods, ...slices, endpointsOf(spec.name, namespace, pods, labels), ...events];
}

export function nodeObjects(count: number): NodeObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `node-${i}`, uid: `uid-node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: { podCIDR: `10.244.${i}.0/24` },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }], addresses: [{ type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` }] },
  }));
}

function serviceOf(spec: ServiceSpec, namespace: string, selector: Record<string, string>): Service {
  const ip = spec.ipBase ?? 0;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name, namespace, uid: `uid-svc-${namespace}-${spec.name}`, labels: spec.labels ?? { app: spec.name } },
    spec: { type: 'ClusterIP', clusterIP: `10.96.${(ip >> 8) & 255}.${ip & 255}`, clusterIPs: [`10.96.${(ip >> 8) & 255}.${ip & 255}`], selector, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], sessionAffinity: 'None' },
  };
}

function podOf(spec: ServiceSpec, namespace: string, selector: Record<string, string>, i: number): Pod {
  const name = `${spec.name}-${HASH}-${suffix(i)}`;
  const ready = i < spec.pods - (spec.notReady ?? 0);
  const n = (spec.ipBase ?? 0) + i;
  const ip = `10.${128 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
  const status = ready ? ('True' as const) : ('False' as const);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, generateName: `${spec.name}-${HASH}-`, namespace, uid: `uid-pod-${namespace}-${name}`, labels: { ...selector, 'pod-template-hash': HASH } },
    spec: {
      nodeName: `node-${i % (spec.nodes ?? 3)}`,
      // A rollout-safe pod: a 10 s preStop sleep inside the default 30 s grace period.
      containers: [{ name: 'web', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], readinessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 10 }, lifecycle: { preStop: { sleep: { seconds: 10 } } } }],
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'ContainersReady', status, ...(ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' }) },
        { type: 'Ready', status, ...(ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' }) },
      ],
      podIP: ip,
      podIPs: [{ ip }],
      containerStatuses: [{ name: 'web', ready, started: true, restartCount: 0, state: { running: { startedAt: '2025-06-01T10:00:08Z' } } }],
    },
  };
}

function sliceOf(service: string, namespace: string, index: number, pods: Pod[], labels: Record<string, string>): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-${suffix(index + 7777)}`, namespace, labels: { ...labels, 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: pods.map((p) => ({
      addresses: [p.status?.podIP ?? ''],
      conditions: { ready: isReady(p), serving: isReady(p), terminating: false },
      nodeName: p.spec?.nodeName,
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace, uid: p.metadata.uid },
    })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

/** The Endpoints controller keeps at most 1,000 addresses and says so (endpoints.kubernetes.io/over-capacity). */
function endpointsOf(service: string, namespace: string, pods: Pod[], labels: Record<string, string>): Endpoints {
  const kept = pods.slice(0, 1000);
  const address = (p: Pod) => ({ ip: p.status?.podIP ?? '', nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace, uid: p.metadata.uid } });
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: service, namespace, labels, ...(pods.length > 1000 ? { annotations: { 'endpoints.kubernetes.io/over-capacity': 'truncated' } } : {}) },
    subsets: [{ addresses: kept.filter(isReady).map(address), notReadyAddresses: kept.filter((p) => !isReady(p)).map(address), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  };
}

function unhealthyEvent(pod: Pod): EventObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod.metadata.name}.1847d1f0a3b2c4e5`, namespace: pod.metadata.namespace ?? 'default' },
    involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid, fieldPath: 'spec.containers{web}' } as EventObject['involvedObject'],
    reason: 'Unhealthy',
    message: PROBE_FAILURE,
    type: 'Warning',
    count: 12,
    firstTimestamp: '2025-06-01T10:02:10Z',
    lastTimestamp: '2025-06-01T10:14:40Z',
  };
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** Five characters from the pod-name alphabet (bcdfghjklmnpqrstvwxz2456789), like a ReplicaSet's suffix. */
function suffix(i: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let k = 0, n = i; k < 5; k++, n = Math.floor(n / alphabet.length)) s = alphabet[n % alphabet.length] + s;
  return s;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

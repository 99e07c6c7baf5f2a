/**
 * The rollout demo's objects in wire form: a Deployment's pods behind an IP-target load balancer
 * (the AWS Load Balancer Controller's `target-health.elbv2.k8s.aws/...` readiness gate, injected at
 * creation), each with a 5 s `preStop` sleep inside the default 30 s grace period (seed 004's
 * graceful shutdown), and the EndpointSlice and Endpoints the controllers write for them.
 */
import type { EndpointSlice, Endpoints, Pod, Service } from '../../kubernetes/objects.ts';
import { DEMO_NAMESPACE, meta, NODE } from './objects.ts';

export const ROLLOUT_SERVICE = 'rollout-demo';
export const GATE = 'target-health.elbv2.k8s.aws/k8s-default-rolloutd-5f2c8e1a9b';
export const PRESTOP_SECONDS = 5;
export const GRACE_SECONDS = 30;

export interface RolloutPod {
  /** `7d9c5b8f4-qftwz`: the ReplicaSet's hash and the pod's suffix. */
  name: string;
  ip: string | null;
  containersReady: boolean;
  /** The readiness gate's condition: absent until the controller first writes it. */
  gate: 'absent' | 'False' | 'True';
  /** The Ready condition as the kubelet last wrote it: containers ready and every gate True, one status sync after they are. */
  ready: boolean;
  /** RFC 3339 deletionTimestamp (delete request + grace period), once deleted. */
  deletion: string | null;
  /** When the pod's conditions last changed (RFC 3339). */
  since: string;
}

const fullName = (p: RolloutPod) => `${ROLLOUT_SERVICE}-${p.name}`;
const ready = (p: RolloutPod) => p.ready;

export function rolloutService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta(ROLLOUT_SERVICE), uid: 'c1e8b4f5-demo-svc' },
    spec: { type: 'ClusterIP', clusterIP: '10.96.187.40', clusterIPs: ['10.96.187.40'], selector: { app: ROLLOUT_SERVICE }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], sessionAffinity: 'None' },
  };
}

export function rolloutPod(p: RolloutPod): Pod {
  const [hash = ''] = p.name.split('-');
  const status = (b: boolean) => (b ? ('True' as const) : ('False' as const));
  const gate = p.gate === 'absent' ? [] : [{ type: GATE, status: p.gate, lastTransitionTime: p.since, ...(p.gate === 'False' ? { reason: 'Elb.RegistrationInProgress', message: 'Target registration is in progress' } : {}) }];
  // The kubelet's words (pkg/kubelet/status/generate.go generatePodReadinessGatesCondition).
  const gateMessage = p.gate === 'absent' ? `corresponding condition of pod readiness gate "${GATE}" does not exist.` : `the status of pod readiness gate "${GATE}" is not "True", but False`;
  const notReady = ready(p) ? {} : p.containersReady ? { reason: 'ReadinessGatesNotReady', message: gateMessage } : { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...meta(fullName(p)),
      generateName: `${ROLLOUT_SERVICE}-${hash}-`,
      uid: `uid-${fullName(p)}`,
      labels: { app: ROLLOUT_SERVICE, 'pod-template-hash': hash },
      ownerReferences: [{ kind: 'ReplicaSet', name: `${ROLLOUT_SERVICE}-${hash}`, controller: true }],
      ...(p.deletion ? { deletionTimestamp: p.deletion, deletionGracePeriodSeconds: GRACE_SECONDS } : {}),
    },
    spec: {
      nodeName: NODE,
      terminationGracePeriodSeconds: GRACE_SECONDS,
      readinessGates: [{ conditionType: GATE }],
      containers: [{ name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.52', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2 }, lifecycle: { preStop: { sleep: { seconds: PRESTOP_SECONDS } } } }],
    },
    status: {
      phase: p.ip ? 'Running' : 'Pending',
      ...(p.ip ? { podIP: p.ip, podIPs: [{ ip: p.ip }] } : {}),
      conditions: [...gate, { type: 'PodScheduled', status: 'True' }, { type: 'ContainersReady', status: status(p.containersReady), lastTransitionTime: p.since }, { type: 'Ready', status: status(ready(p)), lastTransitionTime: p.since, ...notReady }],
      containerStatuses: [{ name: 'app', ready: p.containersReady, started: p.ip !== null, restartCount: 0 }],
    },
  };
}

/** The EndpointSlice controller (utils.go podToEndpoint): serving = Ready, terminating = deleted, ready = serving and not terminating. */
export function rolloutSlice(pods: readonly RolloutPod[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...meta(`${ROLLOUT_SERVICE}-k7d2x`), labels: { 'kubernetes.io/service-name': ROLLOUT_SERVICE, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: pods.filter((p) => p.ip).map((p) => ({
      addresses: [p.ip as string],
      conditions: { ready: ready(p) && !p.deletion, serving: ready(p), terminating: p.deletion !== null },
      nodeName: NODE,
      targetRef: { kind: 'Pod', name: fullName(p), namespace: DEMO_NAMESPACE, uid: `uid-${fullName(p)}` },
    })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

/** The Endpoints controller leaves terminating pods out (ShouldPodBeInEndpoints without publishNotReadyAddresses). */
export function rolloutEndpoints(pods: readonly RolloutPod[]): Endpoints {
  const live = pods.filter((p) => p.ip && !p.deletion);
  const address = (p: RolloutPod) => ({ ip: p.ip as string, nodeName: NODE, targetRef: { kind: 'Pod', name: fullName(p), namespace: DEMO_NAMESPACE, uid: `uid-${fullName(p)}` } });
  const up = live.filter(ready).map(address);
  const down = live.filter((p) => !ready(p)).map(address);
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(ROLLOUT_SERVICE), subsets: [{ ...(up.length ? { addresses: up } : {}), ...(down.length ? { notReadyAddresses: down } : {}), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] };
}

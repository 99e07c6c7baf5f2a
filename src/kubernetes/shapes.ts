/**
 * The shape of every field kubectl-slices reads, per kind (in shape.ts's grammar), checked where
 * objects enter (files, bundles, what an API server serves), so the explain core never meets a wrong shape:
 * a Service selector given as a string, `endpoints` as a mapping, `conditions` as a number. The
 * shapes are those of objects.ts, which types exactly the fields that are read; everything else
 * is left as it is.
 */
import { firstProblem, list, map, num, obj, required, str, bool, type Fields, type Shape, type ShapeProblem } from './shape.ts';

const objectReference = obj({ kind: str, name: str, namespace: str, uid: str });

const metadata: Shape = obj({
  name: required(str),
  generateName: str,
  namespace: str,
  uid: str,
  resourceVersion: str,
  creationTimestamp: str,
  deletionTimestamp: str,
  deletionGracePeriodSeconds: num,
  labels: map(str),
  annotations: map(str),
  ownerReferences: list(obj({ kind: str, name: str, uid: str, controller: bool })),
});

const endpointPort = obj({ name: str, port: num, protocol: str, appProtocol: str });

const probe = obj({
  exec: obj({ command: list(str) }),
  httpGet: obj({ path: str, port: 'intOrString', host: str, scheme: str }),
  tcpSocket: obj({ port: 'intOrString' }),
  grpc: obj({ port: num, service: str }),
  initialDelaySeconds: num,
  periodSeconds: num,
  timeoutSeconds: num,
  failureThreshold: num,
  successThreshold: num,
});

const lifecycleHandler = obj({
  exec: obj({ command: list(str) }),
  httpGet: obj({ path: str, port: required('intOrString'), host: str, scheme: str }),
  tcpSocket: obj({ port: required('intOrString') }),
  sleep: obj({ seconds: required(num) }),
});

const container = obj({
  name: required(str),
  image: str,
  ports: list(obj({ name: str, containerPort: required(num), protocol: str })),
  readinessProbe: probe,
  startupProbe: probe,
  livenessProbe: probe,
  lifecycle: obj({ preStop: lifecycleHandler, postStart: lifecycleHandler }),
  restartPolicy: str,
});

const loadBalancerStatus = obj({ ingress: list(obj({ ip: str, hostname: str, ipMode: str })) });

const ingressBackend = obj({
  service: obj({ name: required(str), port: obj({ name: str, number: num }) }),
  resource: obj({ apiGroup: str, kind: required(str), name: required(str) }),
});

const parentRef = obj({ group: str, kind: str, namespace: str, name: required(str), sectionName: str, port: num });

/** HTTPRoute and GRPCRoute (sigs.k8s.io/gateway-api apis/v1), with each one's match fields. */
const route = (match: Shape): Fields => ({
  spec: obj({
    parentRefs: list(parentRef),
    hostnames: list(str),
    rules: list(obj({ name: str, matches: list(match), filters: list(obj({})), backendRefs: list(obj({ group: str, kind: str, name: required(str), namespace: str, port: num, weight: num })) })),
  }),
  status: obj({ parents: list(obj({ parentRef: required(parentRef), controllerName: str, conditions: list(obj({ type: required(str), status: required(str), reason: str, message: str, lastTransitionTime: str })) })) }),
});

const containerState = obj({
  running: obj({ startedAt: str }),
  waiting: obj({ reason: str, message: str }),
  terminated: obj({ reason: str, exitCode: num, message: str, finishedAt: str }),
});

const containerStatus = obj({ name: required(str), ready: required(bool), started: bool, restartCount: num, state: containerState, lastState: containerState });

const conditions = (extra: Fields = {}) => list(obj({ type: required(str), status: required(str), reason: str, message: str, ...extra }));

/** Per kind, the fields read (metadata is common to all). */
const KINDS: Record<string, Fields> = {
  Service: {
    spec: obj({
      type: str,
      selector: map(str),
      ports: list(obj({ name: str, port: required(num), protocol: str, targetPort: 'intOrString', nodePort: num, appProtocol: str })),
      clusterIP: str,
      clusterIPs: list(str),
      externalIPs: list(str),
      externalName: str,
      ipFamilies: list(str),
      ipFamilyPolicy: str,
      externalTrafficPolicy: str,
      internalTrafficPolicy: str,
      publishNotReadyAddresses: bool,
      sessionAffinity: str,
      sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: num }) }),
      loadBalancerSourceRanges: list(str),
      healthCheckNodePort: num,
      trafficDistribution: str,
      loadBalancerClass: str,
    }),
    status: obj({ loadBalancer: loadBalancerStatus }),
  },
  EndpointSlice: {
    addressType: str,
    endpoints: list(
      obj({
        addresses: required(list(str)),
        conditions: obj({ ready: bool, serving: bool, terminating: bool }),
        hostname: str,
        nodeName: str,
        zone: str,
        targetRef: objectReference,
        hints: obj({ forZones: list(obj({ name: required(str) })), forNodes: list(obj({ name: required(str) })) }),
      }),
    ),
    ports: list(endpointPort),
  },
  Endpoints: {
    subsets: list(
      obj({
        addresses: list(obj({ ip: required(str), hostname: str, nodeName: str, targetRef: objectReference })),
        notReadyAddresses: list(obj({ ip: required(str), hostname: str, nodeName: str, targetRef: objectReference })),
        ports: list(endpointPort),
      }),
    ),
  },
  Pod: {
    spec: obj({
      nodeName: str,
      containers: list(container),
      initContainers: list(container),
      readinessGates: list(obj({ conditionType: required(str) })),
      hostname: str,
      subdomain: str,
      hostNetwork: bool,
      terminationGracePeriodSeconds: num,
    }),
    status: obj({
      phase: str,
      conditions: conditions({ lastTransitionTime: str, lastProbeTime: str }),
      podIP: str,
      podIPs: list(obj({ ip: required(str) })),
      hostIP: str,
      containerStatuses: list(containerStatus),
      initContainerStatuses: list(containerStatus),
      reason: str,
      message: str,
    }),
  },
  Node: {
    spec: obj({ unschedulable: bool, podCIDR: str, podCIDRs: list(str) }),
    status: obj({ conditions: conditions(), addresses: list(obj({ type: required(str), address: required(str) })) }),
  },
  Event: {
    involvedObject: objectReference,
    reason: str,
    message: str,
    type: str,
    count: num,
    firstTimestamp: str,
    lastTimestamp: str,
    eventTime: str,
    series: obj({ count: num, lastObservedTime: str }),
  },
  Namespace: {},
  Ingress: {
    spec: obj({ ingressClassName: str, defaultBackend: ingressBackend, rules: list(obj({ host: str, http: obj({ paths: list(obj({ path: str, pathType: str, backend: required(ingressBackend) })) }) })) }),
    status: obj({ loadBalancer: loadBalancerStatus }),
  },
  IngressClass: {
    spec: obj({ controller: str, parameters: obj({ apiGroup: str, kind: required(str), name: required(str), namespace: str, scope: str }) }),
  },
  HTTPRoute: route(obj({ path: obj({ type: str, value: str }), method: str })),
  GRPCRoute: route(obj({ method: obj({ service: str, method: str }) })),
  ReferenceGrant: {
    spec: obj({ from: list(obj({ group: required(str), kind: required(str), namespace: required(str) })), to: list(obj({ group: required(str), kind: required(str), name: str })) }),
  },
};

/** The kinds whose fields are checked; any other kind is kept untouched and never read. */
export function isCheckedKind(kind: string): boolean {
  return Object.hasOwn(KINDS, kind);
}

/**
 * The first field of `object` (of a kind kubectl-slices reads) whose shape is wrong, or null.
 * `object` must be a mapping; kind and apiVersion are checked by the caller.
 */
export function shapeProblem(object: Record<string, unknown>, kind: string): ShapeProblem | null {
  const fields = KINDS[kind];
  if (fields === undefined) return null;
  return firstProblem(object, obj({ metadata: required(metadata), ...fields }));
}

/**
 * Termination-window facts, one table row per situation: what a fact says (problem, ok, unknown) for
 * a Service, its pods, its Namespace and the Ingresses in front of it. Objects are seed 004's where
 * it has them (the NLB Service, the 2048 Ingress, the django preStop/readiness/health-check trio).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveIngressClass } from '../../src/kubernetes/ingressclass.ts';
import type { EventObject, Ingress, IngressClass, NamespaceObject, Pod, Service } from '../../src/kubernetes/objects.ts';
import { terminationFacts } from '../../src/termination/facts.ts';
import type { TerminationInput } from '../../src/termination/types.ts';
import { pod as basePod } from '../explain/builders.ts';

interface PodSpec {
  preStop?: NonNullable<NonNullable<Pod['spec']>['containers']>[number]['lifecycle'];
  grace?: number;
  gate?: boolean;
  readiness?: NonNullable<NonNullable<Pod['spec']>['containers']>[number]['readinessProbe'] | null;
}

function pod(name: string, o: PodSpec = {}): Pod {
  const p = basePod(name, o.gate ? { gate: { type: 'target-health.elbv2.k8s.aws/k8s-default-svcnlbip-5b1d3e0c7a', status: 'True' } } : {});
  const c = p.spec!.containers![0]!;
  if (o.preStop) c.lifecycle = o.preStop;
  if (o.readiness === null) delete c.readinessProbe;
  else if (o.readiness) c.readinessProbe = o.readiness;
  if (o.grace !== undefined) p.spec!.terminationGracePeriodSeconds = o.grace;
  return p;
}

const sleep = (seconds: number): PodSpec['preStop'] => ({ preStop: { sleep: { seconds } } });
const django = { preStop: { exec: { command: ['/bin/sh', '-c', "sed -i 's/health/nothealthy/g' /usr/src/app/logistics/health.py && sleep 120"] } } };
const httpReadiness = (path: string, port: number | string = 8080) => ({ httpGet: { path, port }, periodSeconds: 3 });

function service(extra: Partial<Service> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] }, ...extra };
}

/** seed 004's NLB annotations on the same Service. */
function nlb(annotations: Record<string, string> = {}): Service {
  const s = service();
  s.metadata.annotations = { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip', 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': '8080', 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'deregistration_delay.timeout_seconds=60', ...annotations };
  s.spec = { ...s.spec, type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' };
  return s;
}

const albClass: IngressClass = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb' } };
function ingress(annotations: Record<string, string>, className = 'alb'): TerminationInput['ingresses'][number] {
  const i: Ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default', annotations: { 'alb.ingress.kubernetes.io/target-type': 'ip', ...annotations } }, spec: { ingressClassName: className, rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } };
  const classes = [albClass, { ...albClass, metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }];
  return { ingress: i, ingressClass: resolveIngressClass(i, classes), servicePorts: service().spec!.ports! };
}

const namespace = (labelled: boolean): NamespaceObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', ...(labelled ? { labels: { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' } } : {}) } });

const failedHook: EventObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-5f7d9c6b8-a1b2c.17f2a', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-5f7d9c6b8-a1b2c', namespace: 'default', fieldPath: 'spec.containers{app}' } as never, reason: 'FailedPreStopHook', message: 'PreStopHook failed', type: 'Warning', lastTimestamp: '2024-10-02T03:41:07Z' };

interface Case {
  name: string;
  input: Partial<TerminationInput>;
  /** `code state severity subject`, for the facts the case is about. */
  want: string[];
  codes?: string[];
  message?: RegExp;
}

const cases: Case[] = [
  { name: 'a ClusterIP Service whose pods have no preStop: only NoPreStopDelay', input: { pods: [pod('web-5f7d9c6b8-a1b2c'), pod('web-5f7d9c6b8-d3e4f')] }, want: ['NoPreStopDelay problem warning pods a1b2c, d3e4f of web-5f7d9c6b8 (container app)'] },
  { name: 'sleep 15 in a 30 s grace period: both fine', input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: sleep(15), grace: 30 })] }, want: ['NoPreStopDelay ok info pod web-5f7d9c6b8-a1b2c (container app)', 'GracePeriodShorterThanPreStop ok info pod web-5f7d9c6b8-a1b2c (container app)'] },
  { name: "seed 004's sed && sleep 120 with the default 30 s grace: the hook is cut off", input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: django })] }, want: ['NoPreStopDelay ok info pod web-5f7d9c6b8-a1b2c (container app)', 'GracePeriodShorterThanPreStop problem critical pod web-5f7d9c6b8-a1b2c (container app)'], message: /abandons the hook at 30 s/ },
  { name: 'sleep 27 in 30 s leaves 3 s, under the 5 s margin', input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: sleep(27), grace: 30 })] }, want: ['NoPreStopDelay ok info pod web-5f7d9c6b8-a1b2c (container app)', 'GracePeriodShorterThanPreStop problem warning pod web-5f7d9c6b8-a1b2c (container app)'] },
  { name: 'the margin is the caller\'s policy', input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: sleep(27), grace: 30 })], shutdownMarginSeconds: 2 }, want: ['NoPreStopDelay ok info pod web-5f7d9c6b8-a1b2c (container app)', 'GracePeriodShorterThanPreStop ok info pod web-5f7d9c6b8-a1b2c (container app)'] },
  { name: 'a FailedPreStopHook event: no delay happened', input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: { preStop: { exec: { command: ['sleep', '15'] } } } })], events: [failedHook] }, want: ['NoPreStopDelay problem warning pod web-5f7d9c6b8-a1b2c (container app)'], message: /FailedPreStopHook at 2024-10-02T03:41:07Z/ },
  { name: 'an unknown hook: both facts unknown', input: { pods: [pod('web-5f7d9c6b8-a1b2c', { preStop: { preStop: { exec: { command: ['/drain.sh'] } } } })] }, want: ['NoPreStopDelay unknown info pod web-5f7d9c6b8-a1b2c (container app)', 'GracePeriodShorterThanPreStop unknown info pod web-5f7d9c6b8-a1b2c (container app)'] },
  {
    name: "seed 004's NLB with terminationGracePeriodSeconds 0 and an unlabelled namespace",
    input: { service: nlb(), pods: [pod('web-5f7d9c6b8-a1b2c', { grace: 0, readiness: null })], namespace: namespace(false) },
    codes: ['GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'],
    want: ['GracePeriodShorterThanDeregistration problem warning pod web-5f7d9c6b8-a1b2c behind service/default/web (NLB, Service port 80)', 'ReadinessGateNotInjected problem warning namespace/default'],
    message: /deregistration_delay.timeout_seconds=60\), but the kubelet kills the pod after terminationGracePeriodSeconds 0/,
  },
  {
    name: 'NLB without the attribute: the 300 s default against the 30 s default grace',
    input: { service: nlb({ 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'stickiness.enabled=false' }), pods: [pod('web-5f7d9c6b8-a1b2c')], namespace: namespace(true) },
    codes: ['GracePeriodShorterThanDeregistration'],
    want: ['GracePeriodShorterThanDeregistration problem warning pod web-5f7d9c6b8-a1b2c behind service/default/web (NLB, Service port 80)'],
    message: /up to 300 s \(Elastic Load Balancing's default/,
  },
  {
    name: 'labelled namespace: pods created before the label lack the gate, the new ones have it',
    input: { service: nlb(), pods: [pod('web-5f7d9c6b8-a1b2c', { grace: 60 }), pod('web-7c9d8e6f5-x9y8z', { grace: 60, gate: true })], namespace: namespace(true) },
    codes: ['ReadinessGateNotInjected', 'GracePeriodShorterThanDeregistration'],
    want: ['GracePeriodShorterThanDeregistration ok info pods web-5f7d9c6b8-a1b2c, web-7c9d8e6f5-x9y8z behind service/default/web (NLB, Service port 80)', 'ReadinessGateNotInjected problem warning pod web-5f7d9c6b8-a1b2c'],
  },
  {
    name: 'labelled namespace and every pod gated: ok',
    input: { service: nlb(), pods: [pod('web-7c9d8e6f5-x9y8z', { gate: true })], namespace: namespace(true) },
    codes: ['ReadinessGateNotInjected'],
    want: ['ReadinessGateNotInjected ok info namespace/default'],
  },
  {
    name: 'the Namespace is not in the input: unknown',
    input: { service: nlb(), pods: [pod('web-7c9d8e6f5-x9y8z', { gate: true })], namespace: null },
    codes: ['ReadinessGateNotInjected'],
    want: ['ReadinessGateNotInjected unknown info namespace/default'],
  },
  {
    name: 'NLB TCP health check against an HTTP readiness probe on the same port: info',
    input: { service: nlb(), pods: [pod('web-5f7d9c6b8-a1b2c', { readiness: httpReadiness('/healthz') })], namespace: namespace(true) },
    codes: ['HealthCheckPathMismatch'],
    want: ['HealthCheckPathMismatch problem info pod web-5f7d9c6b8-a1b2c (container app) behind service/default/web (NLB, Service port 80)'],
  },
  {
    name: 'NLB HTTP health check on another port than the probe: warning',
    input: { service: nlb({ 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http', 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': '9090', 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': '/healthz' }), pods: [pod('web-5f7d9c6b8-a1b2c', { readiness: httpReadiness('/healthz') })], namespace: namespace(true) },
    codes: ['HealthCheckPathMismatch'],
    want: ['HealthCheckPathMismatch problem warning pod web-5f7d9c6b8-a1b2c (container app) behind service/default/web (NLB, Service port 80)'],
    message: /different ports/,
  },
  {
    name: "seed 004's django before the fix: ALB checks /, the readiness probe /logistics/health",
    input: { pods: [pod('web-5f7d9c6b8-a1b2c', { readiness: httpReadiness('/logistics/health') })], ingresses: [ingress({})], namespace: namespace(true) },
    codes: ['HealthCheckPathMismatch'],
    want: ['HealthCheckPathMismatch problem warning pod web-5f7d9c6b8-a1b2c (container app) behind ingress/default/web (ALB, Service port 80)'],
    message: /checks HTTP \/ on port 8080, the readiness probe GET :8080\/logistics\/health: different paths/,
  },
  {
    name: "seed 004's django after the fix: alb.ingress.kubernetes.io/healthcheck-path set to the readiness path",
    input: { pods: [pod('web-5f7d9c6b8-a1b2c', { readiness: httpReadiness('/logistics/health') })], ingresses: [ingress({ 'alb.ingress.kubernetes.io/healthcheck-path': '/logistics/health' })], namespace: namespace(true) },
    codes: ['HealthCheckPathMismatch'],
    want: ['HealthCheckPathMismatch ok info pod web-5f7d9c6b8-a1b2c (container app) behind ingress/default/web (ALB, Service port 80)'],
  },
  {
    name: 'an exec readiness probe cannot be compared: unknown',
    input: { pods: [pod('web-5f7d9c6b8-a1b2c')], ingresses: [ingress({})], namespace: namespace(true) },
    codes: ['HealthCheckPathMismatch'],
    want: ['HealthCheckPathMismatch unknown info pod web-5f7d9c6b8-a1b2c (container app) behind ingress/default/web (ALB, Service port 80)'],
  },
  {
    name: 'instance targets: no pod-level load balancer facts',
    input: { pods: [pod('web-5f7d9c6b8-a1b2c', { readiness: httpReadiness('/x') })], ingresses: [ingress({ 'alb.ingress.kubernetes.io/target-type': 'instance' })], namespace: namespace(false) },
    codes: ['GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'],
    want: [],
  },
  {
    name: 'an Ingress of another controller: unknown, not fine',
    input: { pods: [pod('web-5f7d9c6b8-a1b2c')], ingresses: [ingress({}, 'nginx')] },
    codes: ['GracePeriodShorterThanDeregistration', 'ReadinessGateNotInjected', 'HealthCheckPathMismatch'],
    want: ['GracePeriodShorterThanDeregistration unknown info ingress/default/web (class nginx, controller k8s.io/ingress-nginx)', 'ReadinessGateNotInjected unknown info ingress/default/web (class nginx, controller k8s.io/ingress-nginx)', 'HealthCheckPathMismatch unknown info ingress/default/web (class nginx, controller k8s.io/ingress-nginx)'],
  },
  {
    name: 'a LoadBalancer of another class: unknown; ipMode Proxy noted',
    input: { service: service({ spec: { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'Proxy' }] } } }), pods: [pod('web-5f7d9c6b8-a1b2c')] },
    codes: ['ReadinessGateNotInjected', 'LoadBalancerIPModeProxy'],
    want: ['ReadinessGateNotInjected unknown info service/default/web (a LoadBalancer Service of class example.com/lb)', 'LoadBalancerIPModeProxy problem info service/default/web'],
  },
  {
    name: 'ipMode VIP: fine',
    input: { service: service({ spec: { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb', ports: [{ port: 80, targetPort: 8080 }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } } }), pods: [] },
    codes: ['LoadBalancerIPModeProxy'],
    want: ['LoadBalancerIPModeProxy ok info service/default/web'],
  },
];

describe('termination facts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const facts = terminationFacts({ service: service(), pods: [], events: [], namespace: null, ingresses: [], ...c.input });
      const relevant = facts.filter((f) => !c.codes || c.codes.includes(f.code));
      assert.deepEqual(relevant.map((f) => `${f.code} ${f.state} ${f.severity} ${f.subject}`), c.want);
      if (c.message) assert.match(relevant.map((f) => f.message).join('\n'), c.message);
      for (const f of relevant) {
        assert.equal(f.fix !== null, f.state === 'problem', `${f.code}: a problem has a fix, nothing else does`);
        if (f.state !== 'unknown') assert.ok(f.evidence.length > 0, `${f.code} quotes evidence`);
      }
    });
  }
});

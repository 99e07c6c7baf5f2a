/**
 * What the AWS Load Balancer Controller builds in front of a Service port, read from annotations as
 * its model builders read them (pkg/service and pkg/ingress model_build_target_group.go), starting
 * from seed 004's NLB Service and ALB Ingress.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { albAction } from '../../src/awslb/actions.ts';
import { albFront, isAwsAlbIngress } from '../../src/awslb/alb.ts';
import { parseStringMap } from '../../src/awslb/annotations.ts';
import type { LoadBalancerFront } from '../../src/awslb/front.ts';
import { nlbFronts } from '../../src/awslb/nlb.ts';
import { resolveIngressClass } from '../../src/kubernetes/ingressclass.ts';
import type { Ingress, IngressClass, Service } from '../../src/kubernetes/objects.ts';

/** seed 004's svc-nlb-ip-type, as applied. */
function nlb(annotations: Record<string, string> = {}, spec: Partial<NonNullable<Service['spec']>> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'svc-nlb-ip-type',
      namespace: 'default',
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': '8080',
        'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled': 'true',
        'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'deregistration_delay.timeout_seconds=60',
        ...annotations,
      },
    },
    spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', selector: { app: 'deploy-websrv' }, ...spec },
  };
}

function summary(f: LoadBalancerFront | undefined): string {
  if (!f) return 'none';
  const hc = f.healthCheck ? `${f.healthCheck.protocol} ${f.healthCheck.path ?? '-'} ${f.healthCheck.port.kind === 'number' ? f.healthCheck.port.port : 'traffic-port'}` : 'hc ?';
  return `${f.kind} ${f.targetType ?? '?'} delay=${f.deregistrationDelaySeconds ?? '?'}${f.deregistrationDelayDefaulted ? '(default)' : ''} ${hc}`;
}

function drop(s: Service, key: string): Service {
  delete s.metadata.annotations![key];
  return s;
}

describe('NLB fronts (Service annotations)', () => {
  const cases: { name: string; service: () => Service; want: string; unknown?: RegExp }[] = [
    { name: "seed 004's svc-nlb-ip-type: IP targets, delay 60, TCP health check on 8080", service: () => nlb(), want: 'NLB ip delay=60 TCP - 8080' },
    { name: 'no target-type annotation with loadBalancerClass: instance (documented default)', service: () => drop(nlb(), 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type'), want: 'NLB instance delay=60 hc ?' },
    { name: 'legacy aws-load-balancer-type: nlb-ip without a class: IP targets', service: () => drop(nlb({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb-ip' }, { loadBalancerClass: undefined }), 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type'), want: 'NLB ip delay=60 TCP - 8080' },
    { name: 'no deregistration attribute: Elastic Load Balancing default 300 s', service: () => drop(nlb(), 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'), want: 'NLB ip delay=300(default) TCP - 8080' },
    { name: 'attributes without the delay key: default 300 s', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'stickiness.enabled=true,stickiness.type=source_ip' }), want: 'NLB ip delay=300(default) TCP - 8080' },
    { name: 'a port-specific attribute annotation overrides for its port', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.80': 'deregistration_delay.timeout_seconds=5' }), want: 'NLB ip delay=5 TCP - 8080' },
    { name: 'a malformed delay: unknown', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'deregistration_delay.timeout_seconds=60s' }), want: 'NLB ip delay=? TCP - 8080', unknown: /cannot read/ },
    { name: 'http health check with a path; protocol is case-insensitive', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http', 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': '/healthz' }), want: 'NLB ip delay=60 HTTP /healthz 8080' },
    { name: 'health check port by Service port name: its numeric targetPort', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': 'http' }, { ports: [{ name: 'http', port: 80, targetPort: 8081 }] }), want: 'NLB ip delay=60 TCP - 8081' },
    { name: 'health check port traffic-port', service: () => nlb({ 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': 'traffic-port' }), want: 'NLB ip delay=60 TCP - traffic-port' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [front] = nlbFronts(c.service());
      assert.equal(summary(front), c.want);
      if (c.unknown) assert.match(front!.unknown.join(), c.unknown);
    });
  }

  it('another class, or no class and no type annotation, is not this controller', () => {
    assert.deepEqual(nlbFronts(nlb({}, { loadBalancerClass: 'example.com/lb' })), []);
    assert.deepEqual(nlbFronts(nlb({}, { loadBalancerClass: undefined })), []);
    assert.deepEqual(nlbFronts(nlb({}, { type: 'ClusterIP' })), []);
  });
});

const albClass: IngressClass = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'ingress.k8s.aws/alb' } };

/** seed 004's ingress-2048 and service-2048. */
function ingress(annotations: Record<string, string> = {}): Ingress {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ingress-2048', namespace: 'game-2048', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip', ...annotations } }, spec: { ingressClassName: 'alb', rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'service-2048', port: { number: 80 } } } }] } }] } };
}
function service2048(annotations: Record<string, string> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'service-2048', namespace: 'game-2048', annotations }, spec: { ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], type: 'NodePort', selector: { 'app.kubernetes.io/name': 'app-2048' } } };
}

describe('ALB fronts (Ingress and backend Service annotations)', () => {
  const front = (i: Ingress, s: Service, classes: IngressClass[] = [albClass]): LoadBalancerFront => albFront(i, resolveIngressClass(i, classes), s, s.spec!.ports![0]!);
  const cases: { name: string; front: () => LoadBalancerFront; want: string; unknown?: RegExp }[] = [
    { name: "seed 004's ingress-2048: IP targets, delay default, HTTP / on traffic-port", front: () => front(ingress(), service2048()), want: 'ALB ip delay=300(default) HTTP / traffic-port' },
    { name: "seed 004's django-ingress health-check path", front: () => front(ingress({ 'alb.ingress.kubernetes.io/healthcheck-path': '/logistics/health' }), service2048()), want: 'ALB ip delay=300(default) HTTP /logistics/health traffic-port' },
    { name: 'a Service annotation wins over the Ingress (MergeStringMap keeps the first)', front: () => front(ingress(), service2048({ 'alb.ingress.kubernetes.io/target-type': 'instance' })), want: 'ALB instance delay=300(default) hc ?' },
    { name: 'target-group-attributes on the Ingress', front: () => front(ingress({ 'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=30' }), service2048()), want: 'ALB ip delay=30 HTTP / traffic-port' },
    { name: 'gRPC backends check /AWS.ALB/healthcheck', front: () => front(ingress({ 'alb.ingress.kubernetes.io/backend-protocol-version': 'GRPC' }), service2048()), want: 'ALB ip delay=300(default) HTTP /AWS.ALB/healthcheck traffic-port' },
    {
      name: 'an IngressClassParams can override the target type: unknown',
      front: () => front(ingress(), service2048(), [{ ...albClass, spec: { controller: 'ingress.k8s.aws/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb-params' } } }]),
      want: 'ALB ? delay=300(default) hc ?',
      unknown: /IngressClassParams alb-params can override it/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = c.front();
      assert.equal(summary(f), c.want);
      if (c.unknown) assert.match(f.unknown.join(), c.unknown);
    });
  }

  it('who serves an Ingress: the annotation first, then the IngressClass controller; unlisted classes are unknown', () => {
    const withAnnotation = (value: string): Ingress => ingress({ 'kubernetes.io/ingress.class': value });
    assert.equal(isAwsAlbIngress(resolveIngressClass(withAnnotation('alb'), null)), true);
    assert.equal(isAwsAlbIngress(resolveIngressClass(withAnnotation('nginx'), [albClass])), false);
    assert.equal(isAwsAlbIngress(resolveIngressClass(ingress(), [albClass])), true);
    assert.equal(isAwsAlbIngress(resolveIngressClass(ingress(), [{ ...albClass, spec: { controller: 'k8s.io/ingress-nginx' } }])), false);
    assert.equal(isAwsAlbIngress(resolveIngressClass(ingress(), [])), false);
    assert.equal(isAwsAlbIngress(resolveIngressClass(ingress(), null)), null);
  });
});

describe('annotation values', () => {
  it('stringMap: pairs on commas, a backslash escapes, trimmed; malformed is null', () => {
    assert.deepEqual([...parseStringMap('deregistration_delay.timeout_seconds=120')!], [['deregistration_delay.timeout_seconds', '120']]);
    assert.deepEqual([...parseStringMap(' a = 1 , b=x\\,y ')!], [['a', '1'], ['b', 'x,y']]);
    assert.equal(parseStringMap('a=1,b'), null);
    assert.equal(parseStringMap('=1'), null);
  });

  it('actions: the simplified ARN schema, string service ports, and a missing weight among several', () => {
    const withAction = (json: string): Ingress => ingress({ 'alb.ingress.kubernetes.io/actions.canary': json });
    assert.deepEqual(albAction(withAction('{"type":"forward","targetGroupARN":"arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/x/73e2d6bc24d8a067"}'), 'canary'), { kind: 'forward', key: 'alb.ingress.kubernetes.io/actions.canary', targets: [{ service: null, targetGroup: 'arn:aws:elasticloadbalancing:ap-northeast-2:111122223333:targetgroup/x/73e2d6bc24d8a067', weight: null }] });
    const stringPort = albAction(withAction('{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"ng","servicePort":"80"}]}}'), 'canary');
    assert.deepEqual(stringPort.kind === 'forward' ? stringPort.targets : null, [{ service: { name: 'ng', port: 80 }, targetGroup: null, weight: null }]);
    assert.equal(albAction(withAction('{"type":"forward","forwardConfig":{"targetGroups":[{"serviceName":"ng","servicePort":80},{"serviceName":"ng-canary","servicePort":80,"weight":5}]}}'), 'canary').kind, 'invalid');
    assert.deepEqual(albAction(withAction('{"type":"fixed-response","fixedResponseConfig":{"statusCode":"503"}}'), 'canary'), { kind: 'other', key: 'alb.ingress.kubernetes.io/actions.canary', type: 'fixed-response' });
    assert.equal(albAction(withAction('{not json'), 'canary').kind, 'invalid');
    assert.equal(albAction(ingress(), 'canary').kind, 'missing');
  });
});

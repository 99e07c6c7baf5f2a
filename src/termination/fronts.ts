/**
 * The load balancers in front of a Service: an NLB for the Service itself and an ALB target group
 * for each Ingress backend that uses it, when the AWS Load Balancer Controller builds them. Other
 * controllers are listed as `others`: their target model and defaults are not documented here, so
 * facts about them are unknown.
 */
import { albFront, isAwsAlbIngress } from '../awslb/alb.ts';
import type { LoadBalancerFront } from '../awslb/front.ts';
import { isAwsNlbService, nlbFronts } from '../awslb/nlb.ts';
import { objectRef, read, type Evidence } from '../kubernetes/evidence.ts';
import { INGRESS_CLASS_ANNOTATION } from '../kubernetes/ingressclass.ts';
import type { TerminationInput } from './types.ts';

export interface Fronts {
  fronts: LoadBalancerFront[];
  /** Load balancers we cannot reason about: `service/default/web (a LoadBalancer Service of class example.com/lb)`. */
  others: { subject: string; evidence: Evidence[] }[];
}

export function loadBalancerFronts(input: TerminationInput): Fronts {
  const { service } = input;
  const out: Fronts = { fronts: [], others: [] };
  if (service.spec?.type === 'LoadBalancer') {
    if (isAwsNlbService(service)) out.fronts.push(...nlbFronts(service));
    else {
      const cls = service.spec.loadBalancerClass;
      out.others.push({ subject: `${objectRef(service)} (a LoadBalancer Service ${cls ? `of class ${cls}` : 'of the cloud provider\'s default controller'})`, evidence: [read(service, 'spec.loadBalancerClass', cls)] });
    }
  }
  for (const { ingress, ingressClass, servicePorts } of input.ingresses) {
    const alb = isAwsAlbIngress(ingressClass);
    if (alb === true) {
      out.fronts.push(...servicePorts.map((port) => albFront(ingress, ingressClass, service, port)));
    } else {
      const cls = ingressClass.annotation ?? ingressClass.className;
      const why = alb === null ? 'its IngressClass is not in the input' : `class ${cls ?? '(none)'}${ingressClass.ingressClass?.spec?.controller ? `, controller ${ingressClass.ingressClass.spec.controller}` : ''}`;
      const evidence = [read(ingress, 'spec.ingressClassName', ingress.spec?.ingressClassName), read(ingress, `metadata.annotations['${INGRESS_CLASS_ANNOTATION}']`, ingressClass.annotation)];
      if (ingressClass.ingressClass) evidence.push(read(ingressClass.ingressClass, 'spec.controller', ingressClass.ingressClass.spec?.controller));
      out.others.push({ subject: `${objectRef(ingress)} (${why})`, evidence });
    }
  }
  return out;
}

export function ipFronts(fronts: readonly LoadBalancerFront[]): LoadBalancerFront[] {
  return fronts.filter((f) => f.targetType === 'ip');
}

/** `ingress/default/web (ALB, port 80)`. */
export function frontName(front: LoadBalancerFront): string {
  return `${front.via} (${front.kind}, Service port ${front.servicePort.name ?? front.servicePort.port})`;
}

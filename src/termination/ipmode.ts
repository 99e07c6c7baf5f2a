/**
 * LoadBalancerIPModeProxy. `status.loadBalancer.ingress[].ipMode` (LoadBalancerIPMode: beta 1.30,
 * GA 1.32; KEP-1860) tells kube-proxy how the load balancer delivers packets. With `VIP` (or unset)
 * kube-proxy also installs a shortcut for the load balancer IP on every node, so in-cluster clients
 * of that IP never reach the load balancer; with `Proxy` it does not ("kube-proxy should only
 * perform loadbalancing for LoadbalancerIP when the IPMode is 'VIP' or empty", design note
 * dataplanes-2026.md §5), so in-cluster clients go through the load balancer and see its
 * registration and deregistration windows like everyone else.
 */
import { read } from '../kubernetes/evidence.ts';
import type { Service } from '../kubernetes/objects.ts';
import type { TerminationFact } from './types.ts';

export function ipModeFact(service: Service): TerminationFact | null {
  if (service.spec?.type !== 'LoadBalancer') return null;
  const ingress = service.status?.loadBalancer?.ingress ?? [];
  const subject = `service/${service.metadata.namespace ?? 'default'}/${service.metadata.name}`;
  const proxied = ingress.map((i, index) => ({ i, index })).filter(({ i }) => i.ipMode === 'Proxy');
  if (proxied.length === 0) {
    const evidence = ingress.map((i, index) => read(service, `status.loadBalancer.ingress[${index}].ipMode`, i.ipMode));
    return { code: 'LoadBalancerIPModeProxy', state: 'ok', severity: 'info', subject, message: ingress.length === 0 ? 'The load balancer has no address yet' : 'No load balancer address has ipMode Proxy', evidence, fix: null };
  }
  const addresses = proxied.map(({ i }) => i.ip ?? i.hostname ?? '').join(', ');
  return {
    code: 'LoadBalancerIPModeProxy',
    state: 'problem',
    severity: 'info',
    subject,
    message: `${addresses} ${proxied.length === 1 ? 'has' : 'have'} ipMode Proxy: kube-proxy installs no in-cluster shortcut for ${proxied.length === 1 ? 'it' : 'them'}, so in-cluster clients of the load balancer address go through the load balancer and its (de)registration delays too`,
    evidence: proxied.map(({ i, index }) => read(service, `status.loadBalancer.ingress[${index}].ipMode`, i.ipMode)),
    fix: 'In-cluster clients should use the Service name (cluster IP) rather than the load balancer address.',
  };
}

/**
 * Resolving a backend reference to a Service port. Ingress names the Service port by number
 * (ServiceBackendPort.number, the Service's `port`) or by name (the Service port's `name`): k8s.io/api
 * networking/v1 types.go ServiceBackendPort. Gateway API names it by number only, and "the port
 * number is the service port number, not the target port" (apis/v1 object_reference_types.go
 * BackendObjectReference.Port). A Service that does not exist, or lacks the port, makes the backend
 * invalid: implementations report ResolvedRefs=False with reason BackendNotFound for both
 * (shared_types.go RouteReasonBackendNotFound; the port case: cilium/cilium#47766,
 * kgateway-dev/kgateway#13987) and answer its share of requests with 500 (httproute_types.go
 * HTTPRouteRule.BackendRefs).
 */
import { read } from '../kubernetes/evidence.ts';
import type { KubeObject, ServicePort } from '../kubernetes/objects.ts';
import { listedIn, type BackendResolution, type RouteInputs } from './types.ts';

export interface BackendTarget {
  namespace: string;
  name: string;
  port: number | string | null;
  /** The route object and the field the reference is written in, for evidence. */
  owner: KubeObject;
  field: string;
  subject: string;
}

export function resolveServiceBackend(inputs: RouteInputs, target: BackendTarget): BackendResolution {
  const { namespace, name, port } = target;
  const service = inputs.services.find((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === namespace);
  if (!service) {
    if (!listedIn(inputs.serviceNamespaces, namespace)) return { state: 'unknown', why: `Services in namespace ${namespace} are not in the input` };
    return {
      state: 'problem',
      finding: {
        code: 'BackendServiceMissing',
        severity: 'critical',
        subject: target.subject,
        message: `${target.subject} sends to Service ${namespace}/${name}, which does not exist`,
        evidence: [read(target.owner, target.field, name), read(target.owner, 'namespace', namespace)],
        fix: `Create Service ${namespace}/${name}, or point the backend at an existing Service.`,
      },
    };
  }
  const ports = service.spec?.ports ?? [];
  const servicePort = port === null ? undefined : ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
  if (servicePort) return { state: 'resolved', service, servicePort };
  const has = ports.map(describePort).join(', ') || 'none';
  const wanted = port === null ? 'no port' : typeof port === 'number' ? `port ${port}` : `port "${port}"`;
  return {
    state: 'problem',
    finding: {
      code: 'BackendPortMissing',
      severity: 'critical',
      subject: target.subject,
      message: `${target.subject} sends to Service ${namespace}/${name} ${wanted}, which the Service does not have (its ports: ${has})`,
      evidence: [read(target.owner, target.field, port), read(service, 'spec.ports', has)],
      fix: `Set the backend port to one of the Service's ports (${has}), or add the port to the Service.`,
    },
  };
}

/** `80/TCP "http"`, the way the ports read back in messages. */
export function describePort(p: ServicePort): string {
  return `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` "${p.name}"` : ''}`;
}

/** weight / sum of weights, per backend; null for all when one weight is unknown. */
export function shares(weights: readonly (number | null)[]): (number | null)[] {
  if (weights.some((w) => w === null)) return weights.map(() => null);
  const total = (weights as number[]).reduce((a, b) => a + b, 0);
  return (weights as number[]).map((w) => (total === 0 ? 0 : w / total));
}

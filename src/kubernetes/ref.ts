/**
 * How a Service is named: on the command line (`web`, `svc/web`) and as `namespace/name`, the key
 * kube-proxy writes in its rule comments and the watch cache files objects under.
 */
import { UsageError } from '../failures.ts';

export interface ServiceRef {
  name: string;
  namespace?: string;
}

/** `web`, `svc/web`, `service/web`, `services/web`; anything else is a usage error. */
export function parseServiceRef(arg: string, namespace: string | undefined): ServiceRef {
  const slash = arg.indexOf('/');
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  const kind = slash >= 0 ? arg.slice(0, slash) : 'svc';
  if (!['svc', 'service', 'services'].includes(kind.toLowerCase())) {
    throw new UsageError(`"${arg}" is not a Service: give NAME or svc/NAME`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new UsageError(`"${name}" is not a valid Service name`);
  return namespace ? { name, namespace } : { name };
}

/** `namespace/name`; an object read without a namespace is in "default", as kubectl assumes. */
export function serviceKey(service: { metadata?: { namespace?: string; name?: string } }): string {
  return `${service.metadata?.namespace ?? 'default'}/${service.metadata?.name ?? ''}`;
}

/**
 * Resource URLs: `/api/v1[/namespaces/NS]/RESOURCE[/NAME]` and
 * `/apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME]`, plus the deprecated `/watch/` prefix.
 */
import { resourceByName, type ResourceType } from './resources.ts';

export interface ResourceRoute {
  type: ResourceType;
  /** undefined: across all namespaces (or a cluster-scoped resource). */
  namespace: string | undefined;
  name: string | undefined;
  /** The path used the legacy `/watch/` prefix. */
  watchPrefix: boolean;
}

/** The resource a path addresses, or undefined when it addresses nothing this server serves. */
export function routeOf(pathname: string): ResourceRoute | undefined {
  const segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') {
    group = '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    group = segments[1] ?? '';
    rest = segments.slice(3);
  } else return undefined;
  const version = segments[0] === 'api' ? 'v1' : (segments[2] ?? '');
  const watchPrefix = rest[0] === 'watch';
  if (watchPrefix) rest = rest.slice(1);
  return resolve(group, version, rest, watchPrefix);
}

function resolve(group: string, version: string, rest: string[], watchPrefix: boolean): ResourceRoute | undefined {
  let namespace: string | undefined;
  // "namespaces/NS/<resource>..." scopes a namespaced resource; "namespaces[/NAME]" is the Namespace resource itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 2) return undefined;
  const type = resourceByName(group, version, rest[0] ?? '');
  if (!type) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  const name = rest[1];
  // A namespaced object is only addressable by name inside its namespace.
  if (name !== undefined && type.namespaced && namespace === undefined) return undefined;
  if (watchPrefix && name !== undefined) return undefined;
  return { type, namespace, name, watchPrefix };
}

/**
 * The frontends asked about, for the dumps that name no Service (ipvsadm, Cilium): the caller maps
 * one Service to its addresses (cluster IPs, external IPs, load-balancer IPs with the port, and
 * its node ports on any node address) and the decoders read only what can concern those.
 */
import { formatAddressPort } from './address.ts';
import type { Frontend, ServicePortRules } from './types.ts';

/** One address asked about. `ip: null` is any address (a node port); `port: null` is any port. */
export interface FrontendQuery {
  ip: string | null;
  port: number | null;
}

export type FrontendFilter = readonly FrontendQuery[];

/** Whether a decoded frontend is one of those asked about. */
export function frontendMatches(frontend: Frontend, filter: FrontendFilter): boolean {
  return filter.some(
    (query) => (query.ip === null || query.ip === frontend.ip) && (query.port === null || query.port === frontend.port),
  );
}

/** The entries of `services` reached through a frontend asked about. */
export function selectServices(services: ServicePortRules[], filter: FrontendFilter | undefined): ServicePortRules[] {
  if (filter === undefined) return services;
  return services.filter((entry) => entry.frontends.some((frontend) => frontendMatches(frontend, filter)));
}

/**
 * Texts that any line naming one of the frontends contains, as ipvsadm and Cilium print them:
 * `10.0.0.1:80` / `[fd00::1]:80` for an address and port, `10.0.0.1:` for an address on any port
 * (and for every port where the dump may print ports by name: `portNames`, ipvsadm without -n
 * prints `10.0.0.1:https`, which must be found and reported rather than missed), and `:30080`
 * for a port on any address. A hit is only a candidate: the decoder parses the line.
 */
export function frontendNeedles(filter: FrontendFilter, portNames = false): string[] {
  const needles = new Set<string>();
  for (const query of filter) {
    if (query.ip !== null) {
      const text = formatAddressPort(query.ip, query.port ?? 0);
      needles.add(query.port === null || portNames ? text.slice(0, text.lastIndexOf(':') + 1) : text);
    } else if (query.port !== null) {
      needles.add(`:${query.port}`);
    }
  }
  return [...needles];
}

/** The same needles for JSON, where the address is a quoted string and the port a number. */
export function frontendJsonNeedles(filter: FrontendFilter): string[] {
  const needles = new Set<string>();
  for (const query of filter) {
    if (query.ip !== null) needles.add(`"${query.ip}"`);
    else if (query.port !== null) needles.add(`: ${query.port}`);
  }
  return [...needles];
}

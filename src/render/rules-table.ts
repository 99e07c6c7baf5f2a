/**
 * `kubectl slices rules` as a table: one row per service port of one node's kube-proxy rules,
 * laid out like kubectl (no borders, three spaces between columns), readable without colour.
 */
import { formatShare } from '../explain/share.ts';
import type { EndpointShare, Frontend, ServicePortRules } from '../dataplane/types.ts';
import { formatColumns } from './columns.ts';
import { printableDeep } from './printable.ts';

const HEAD = ['SERVICE', 'PORT', 'PROTO', 'FRONTENDS', 'ENDPOINTS', 'AFFINITY'];

/** The table for `services`, or '' when there is none. */
export function renderRulesTable(services: readonly ServicePortRules[]): string {
  if (services.length === 0) return '';
  return formatColumns([HEAD, ...printableDeep(services).map(row)]);
}

function row(port: ServicePortRules): string[] {
  return [
    port.service ?? '-',
    port.port === null ? '-' : port.port === '' ? '<unset>' : port.port,
    port.protocol.toUpperCase(),
    port.frontends.map(frontendText).join(', ') || '-',
    endpointsText(port),
    port.affinitySeconds === null ? 'None' : `ClientIP ${port.affinitySeconds}s`,
  ];
}

export function frontendText(frontend: Frontend): string {
  if (frontend.type === 'nodePort' || frontend.ip === null) return `node:${frontend.port}`;
  const address = `${frontend.ip.includes(':') ? `[${frontend.ip}]` : frontend.ip}:${frontend.port}`;
  if (frontend.type === 'loadBalancer') return `${address} (lb)`;
  if (frontend.type === 'externalIP') return `${address} (external)`;
  return address;
}

/**
 * Cluster endpoints with shares, then the node-local chain's (`local: ...`) when there is one;
 * the filter verdicts when kube-proxy rejects or drops instead.
 */
export function endpointsText(port: ServicePortRules): string {
  if (port.noEndpoints === 'reject') return 'REJECT (no endpoints)';
  const parts: string[] = [];
  if (port.endpoints === null) parts.push('unknown (not in dump)');
  else if (port.endpoints.length > 0) parts.push(endpointList(port.endpoints));
  else if (port.localEndpoints === null) parts.push('none');
  if (port.localEndpoints !== null && port.localEndpoints.length > 0) parts.push(`local: ${endpointList(port.localEndpoints)}`);
  if (port.noEndpoints === 'drop') parts.push('DROP (no local endpoints)');
  return parts.join('; ');
}

/**
 * `10.0.0.1:80 50%, ...`; a chain only partly in a filtered dump has no shares, and an endpoint
 * whose KUBE-SEP chain is not in the dump is named by that chain (`KUBE-SEP-X (? not in dump) 50%`).
 */
function endpointList(endpoints: readonly EndpointShare[]): string {
  const known = endpoints.every((endpoint) => endpoint.share !== null);
  const list = endpoints
    .map((endpoint) => {
      const address = endpointAddress(endpoint);
      return endpoint.share === null ? address : `${address} ${formatShare(endpoint.share)}`;
    })
    .join(', ');
  return known ? list : `${list} (shares unknown: chain partly in dump)`;
}

function endpointAddress({ ip, port, chain }: EndpointShare): string {
  if (ip === null) return `${chain ?? '?'} (address not in dump)`;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? '?'}`;
}

/**
 * `kubectl slices rules` as a table: one row per service port (or, for dumps that name no
 * Service, per frontend) of one node's dataplane, laid out like kubectl (no borders, three spaces
 * between columns), readable without colour. IPVS listings add the virtual service's SCHEDULER.
 */
import { formatShare } from '../explain/share.ts';
import type { Dataplane, EndpointShare, Frontend, ServicePortRules } from '../dataplane/types.ts';
import { hasActive, heldBack, unknownShareReason } from '../dataplane/words.ts';
import { formatColumns } from './columns.ts';
import { printableDeep } from './printable.ts';

const HEAD = ['SERVICE', 'PORT', 'PROTO', 'FRONTENDS', 'ENDPOINTS', 'AFFINITY'];

/** The table for `services`, or '' when there is none; `noHeaders` leaves out the column names. */
export function renderRulesTable(services: readonly ServicePortRules[], dataplane: Dataplane = 'iptables', noHeaders = false): string {
  if (services.length === 0) return '';
  const scheduled = services.some((port) => port.scheduler !== undefined);
  const head = scheduled ? [...HEAD, 'SCHEDULER'] : HEAD;
  const rows = printableDeep(services).map((port) => row(port, dataplane, scheduled));
  return formatColumns(noHeaders ? rows : [head, ...rows]);
}

function row(port: ServicePortRules, dataplane: Dataplane, scheduled: boolean): string[] {
  const cells = [
    port.service ?? '-',
    port.port === null ? '-' : port.port === '' ? '<unset>' : port.port,
    port.protocol.toUpperCase(),
    port.frontends.map(frontendText).join(', ') || '-',
    endpointsText(port, dataplane),
    port.affinitySeconds === null ? 'None' : `ClientIP ${port.affinitySeconds}s`,
  ];
  return scheduled ? [...cells, port.scheduler ?? '-'] : cells;
}

export function frontendText(frontend: Frontend): string {
  if (frontend.ip === null) return `node:${frontend.port}`;
  const address = `${frontend.ip.includes(':') ? `[${frontend.ip}]` : frontend.ip}:${frontend.port}`;
  if (frontend.type === 'loadBalancer') return `${address} (lb)`;
  if (frontend.type === 'externalIP') return `${address} (external)`;
  // Cilium prints a node port on each node address.
  if (frontend.type === 'nodePort') return `${address} (node port)`;
  return address;
}

/**
 * Cluster endpoints with shares, then the node-local chain's (`local: ...`) when there is one;
 * the filter verdicts when kube-proxy rejects or drops instead.
 */
export function endpointsText(port: ServicePortRules, dataplane: Dataplane = 'iptables'): string {
  if (port.noEndpoints === 'reject') return 'REJECT (no endpoints)';
  const parts: string[] = [];
  const reason = unknownShareReason(port, dataplane);
  if (port.endpoints === null) parts.push('unknown (not in dump)');
  else if (port.endpoints.length > 0) parts.push(endpointList(port.endpoints, reason));
  else if (port.localEndpoints === null) parts.push('none');
  if (port.localEndpoints !== null && port.localEndpoints.length > 0) parts.push(`local: ${endpointList(port.localEndpoints, reason)}`);
  if (port.noEndpoints === 'drop') parts.push('DROP (no local endpoints)');
  return parts.join('; ');
}

/**
 * `10.0.0.1:80 50%, ...`; a chain only partly in a filtered dump has no shares, and an endpoint
 * whose KUBE-SEP chain is not in the dump is named by that chain (`KUBE-SEP-X (? not in dump) 50%`).
 * An endpoint listed but held back says why: its Cilium state, or IPVS weight 0
 * (`10.244.0.58:80 0% quarantined`).
 */
function endpointList(endpoints: readonly EndpointShare[], reason: string): string {
  const known = endpoints.every((endpoint) => endpoint.share !== null);
  const active = hasActive(endpoints);
  const list = endpoints
    .map((endpoint) => {
      const held = heldBack(endpoint, active);
      const text = [endpointAddress(endpoint), endpoint.share === null ? '' : formatShare(endpoint.share), held ?? ''];
      return text.filter(Boolean).join(' ');
    })
    .join(', ');
  return known ? list : `${list} (shares unknown: ${reason})`;
}

function endpointAddress({ ip, port, chain }: EndpointShare): string {
  if (ip === null) return `${chain ?? '?'} (address not in dump)`;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? '?'}`;
}

/**
 * Slices the EndpointSlice mirroring controller wrote. It mirrors a custom Endpoints object into
 * slices when the Service has no selector (and the Endpoints has no
 * endpointslice.kubernetes.io/skip-mirror=true label nor a leader-election annotation), labels
 * them managed-by endpointslicemirroring-controller.k8s.io and owns them by the Endpoints
 * (pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go syncEndpoints,
 * utils.go newEndpointSlice). kube-proxy routes to them like to any slice, so what it routes is
 * whatever the Endpoints lists. The controller copies at most --mirroring-max-endpoints-per-subset
 * addresses per subset (default 1000; ready ones first) and skips invalid IPs, with a Warning
 * event on the Endpoints (reconciler.go reconcile: TooManyAddressesToMirror, InvalidIPAddress):
 * an address left out of every mirrored slice gets no traffic.
 */
import type { Finding } from '../types.ts';
import type { FindingInput } from './input.ts';

const MAX_NAMED = 3;
/** Who writes an EndpointSlice (discovery.k8s.io/v1 LabelManagedBy). */
const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** The mirroring controller's managed-by value (endpointslicemirroring ControllerName). */
const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';

export function mirroringFindings({ view }: FindingInput): Finding[] {
  const mirrored = view.slices.filter((s) => s.metadata.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER);
  if (mirrored.length === 0) return [];
  const names = mirrored.map((s) => s.metadata.name).join(', ');
  const source = view.endpoints ? `Endpoints ${view.endpoints.metadata.name}` : `the Endpoints ${view.service.metadata.name}`;
  const meaning = view.service.spec?.selector
    ? 'the Service has a selector, and the mirroring controller deletes what it mirrored for such a Service'
    : 'the Service has no selector, so kube-proxy routes to whatever that Endpoints lists, written by hand or by another controller';
  const message = `slice${mirrored.length === 1 ? '' : 's'} ${names} ${mirrored.length === 1 ? 'is' : 'are'} mirrored from ${source} by the EndpointSlice mirroring controller (${LABEL_MANAGED_BY}: ${MIRRORING_CONTROLLER}): ${meaning}`;
  const left = leftOut(view.endpoints?.subsets ?? [], new Set(mirrored.flatMap((s) => (s.endpoints ?? []).flatMap((e) => e.addresses ?? []))));
  if (left.length === 0) return [{ code: 'MirroredEndpoints', severity: 'info', message }];
  const shown = left.slice(0, MAX_NAMED).join(', ') + (left.length > MAX_NAMED ? ` and ${left.length - MAX_NAMED} more` : '');
  return [{
    code: 'MirroredEndpoints',
    severity: 'warning',
    message: `${message}. ${left.length} address${left.length === 1 ? '' : 'es'} of the Endpoints ${left.length === 1 ? 'is' : 'are'} in no mirrored slice (${shown}), so kube-proxy never routes to ${left.length === 1 ? 'it' : 'them'}: the controller mirrors at most 1000 addresses per subset by default (--mirroring-max-endpoints-per-subset) and skips invalid IPs, with a Warning event on the Endpoints`,
  }];
}

/** Endpoints addresses (ready and not) that no mirrored slice holds, compared the way the controller rewrites them (ParseIPSloppy, then String). */
function leftOut(subsets: readonly { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[], mirrored: ReadonlySet<string>): string[] {
  const held = new Set([...mirrored].map(canonicalIP));
  const all = subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].map((a) => a.ip));
  return [...new Set(all)].filter((ip) => !held.has(canonicalIP(ip)));
}

/** One spelling per address: IPv4 octets as numbers (leading zeros allowed, as ParseIPSloppy does), IPv6 as eight hex groups. */
export function canonicalIP(ip: string): string {
  if (!ip.includes(':')) return ip.split('.').map((o) => (/^\d+$/.test(o) ? String(Number(o)) : o)).join('.');
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(Math.max(8 - left.length - right.length, 0)).fill('0');
  return [...left, ...zeros, ...right].map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16).toString(16) : g)).join(':');
}

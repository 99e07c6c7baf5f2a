/**
 * `cilium-dbg service list -o json` (and `service get ID -o json`): the agent's REST model as is,
 * a list of `{spec, status: {realized}}` (api/v1/openapi.yaml Service, ServiceSpec; "returns the
 * raw json from the server", cilium PR #3478), printed by json.MarshalIndent with two-space
 * indent (pkg/command DumpJSONToSlice). The datapath holds what `status.realized` says, so that
 * is what is read; a service with only a `spec` is not realized yet, and its backends are not
 * known to be in the datapath.
 *
 * Fields (ServiceSpec): frontend-address {ip, port, protocol, scope}; backend-addresses [{ip,
 * port, protocol, nodeName, zone, state, preferred, weight}]; flags {type, trafficPolicy,
 * extTrafficPolicy, intTrafficPolicy, natPolicy, healthCheckNodePort, name, namespace, cluster}.
 */
import { canonicalIp } from '../dataplane/address.ts';
import { quote } from '../dataplane/quote.ts';
import type { WarningLog } from '../kubeproxy/iptables/warningLog.ts';
import { backendState, protocolOf } from './address.ts';
import { addressKey, type CiliumBackend, type CiliumFrontend, type CiliumTable, type TrafficPolicy } from './model.ts';

/** One service object of the JSON document, at the byte or character offset where it starts. */
export interface JsonElement {
  offset: number;
  text: string;
}

type Json = Record<string, unknown>;

export function readJsonElement(element: JsonElement, table: CiliumTable, log: WarningLog): void {
  let value: unknown;
  try {
    value = JSON.parse(element.text);
  } catch {
    table.skippedFrontend = true;
    return log.warn(element.offset, 'skipped: not valid JSON');
  }
  readServiceObject(value, element.offset, table, log);
}

/** One parsed service object. */
export function readServiceObject(value: unknown, offset: number, table: CiliumTable, log: WarningLog): void {
  const service = record(value);
  const realized = record(record(service?.status)?.realized);
  const realizedHasFrontend = record(realized?.['frontend-address']) !== null;
  const spec = realizedHasFrontend ? realized : record(service?.spec);
  const address = frontendAddress(record(spec?.['frontend-address']));
  if (spec === null || address === null) {
    table.skippedFrontend = true;
    return log.warn(offset, 'skipped: no valid frontend-address in the service object');
  }
  const flags = record(spec.flags);
  const kind = typeof flags?.type === 'string' ? `${flags.type}${typeof flags.cluster === 'string' && flags.cluster !== '' ? ' (Remote)' : ''}` : null;
  const backends = readBackends(spec['backend-addresses'], offset, log);
  if (!realizedHasFrontend) log.warn(offset, `frontend ${addressKey(address)} has no status.realized: not in the datapath yet, its backends are the desired ones`);
  const frontend: CiliumFrontend = {
    address,
    kind,
    service: serviceName(flags),
    backends: backends.list,
    whole: realizedHasFrontend && backends.whole,
    selectable: true,
    policy: trafficPolicy(flags),
    offset,
  };
  if (table.add(frontend) !== undefined) log.warn(offset, `frontend ${addressKey(address)} listed again: this listing replaces the earlier one`);
}

function frontendAddress(address: Json | null): CiliumFrontend['address'] | null {
  const ip = typeof address?.ip === 'string' ? canonicalIp(address.ip) : null;
  const port = address?.port ?? 0;
  const protocol = protocolOf(address?.protocol);
  if (ip === null || !isPort(port) || protocol === null) return null;
  return { ip, port, protocol, scope: address?.scope === 'internal' ? 'internal' : 'external' };
}

function readBackends(value: unknown, offset: number, log: WarningLog): { list: CiliumBackend[]; whole: boolean } {
  const list: CiliumBackend[] = [];
  let whole = true;
  for (const item of Array.isArray(value) ? value : []) {
    const backend = record(item);
    const ip = typeof backend?.ip === 'string' ? canonicalIp(backend.ip) : null;
    const port = backend?.port ?? 0;
    if (backend === null || ip === null || !isPort(port)) {
      whole = false;
      log.warn(offset, `skipped a backend: ${quote(JSON.stringify(item) ?? '')} has no valid ip and port`);
      continue;
    }
    list.push(backendOf(backend, ip, port));
  }
  return { list, whole };
}

function backendOf(backend: Json, ip: string, port: number): CiliumBackend {
  const out: CiliumBackend = { ip, port };
  const state = typeof backend.state === 'string' ? backendState(backend.state) : null;
  if (state !== null) out.state = state;
  if (typeof backend.weight === 'number') out.weight = backend.weight;
  if (backend.preferred === true) out.preferred = true;
  if (typeof backend.nodeName === 'string' && backend.nodeName !== '') out.node = backend.nodeName;
  return out;
}

function serviceName(flags: Json | null): string | null {
  const name = flags?.name;
  const namespace = flags?.namespace;
  return typeof name === 'string' && name !== '' && typeof namespace === 'string' && namespace !== '' ? `${namespace}/${name}` : null;
}

/** extTrafficPolicy / intTrafficPolicy, or the older single trafficPolicy (external only). */
function trafficPolicy(flags: Json | null): TrafficPolicy | null {
  if (flags === null) return null;
  const external = flags.extTrafficPolicy ?? flags.trafficPolicy;
  const internal = flags.intTrafficPolicy;
  if (external === undefined && internal === undefined) return null;
  return { externalLocal: external === 'Local', internalLocal: internal === 'Local' };
}

function record(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/**
 * The service objects of a document as MarshalIndent lays it out: each array element starts at a
 * line `  {` and ends at the next line `  }` (deeper objects are indented further), so elements
 * are found without parsing the document. A single object (`service get`) is one element. Any
 * other layout (a jq -c of it) is parsed whole.
 */
export function jsonElements(text: string): JsonElement[] | null {
  const start = text.search(/\S/);
  if (start < 0) return [];
  if (text.charAt(start) === '{') return [{ offset: start, text: text.slice(start) }];
  if (!text.startsWith('[\n  {', start) && !text.startsWith('[\r\n  {', start)) return null;
  if (!text.trimEnd().endsWith(']')) return null;
  const elements: JsonElement[] = [];
  for (let open = text.indexOf('\n  {', start); open >= 0; ) {
    const close = text.indexOf('\n  }', open + 1);
    if (close < 0) return null;
    elements.push({ offset: open + 1, text: text.slice(open + 1, close + 4) });
    open = text.indexOf('\n  {', close + 4);
  }
  return elements;
}

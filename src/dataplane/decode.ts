/**
 * The one entry to every dump decoder: the format is told by content (kubeproxy/detect.ts), never
 * by a flag or a file name, and the decoder of that dataplane reads it. Pure: the caller reads
 * the file (src/sources/dumps.ts for the command line).
 *
 * What a caller may ask for differs by format, because only some formats name Services:
 * - `iptables-save` and kube-proxy's nftables name the Service in their comments and chain names,
 *   so `service` ("namespace/name") picks its entries;
 * - `ipvsadm` and Cilium's `service list` / `bpf lb list` name none, so only the Service's
 *   addresses (`frontends`: cluster IPs, external and load-balancer IPs with the port, node ports
 *   on any address) pick its entries. Asking one of these for a `service` without `frontends`
 *   is refused, never answered with every entry or with none.
 * Given both (explain does), `service` picks in the formats that name one, `frontends` in the others.
 *
 * Each format's decoder is imported when a dump of that format is read: a command loads the one
 * its dump needs, not all four (start-up of `rules` and `explain --dataplane`, issues 11 and 15;
 * the bundle then holds each decoder in its own chunk, test/cli/startup.test.ts).
 */
import { InputError, UsageError } from '../failures.ts';
import { detectDumpFormat, type DumpFormat } from '../kubeproxy/detect.ts';
import type { DumpPass } from '../kubeproxy/iptables/chunks.ts';
import type { FrontendFilter } from './frontendFilter.ts';
import type { Dataplane, Frontend, NodeRules } from './types.ts';

/** Each format's decoder, imported when a dump of that format is read (see above). */
const iptablesDecoder = () => import('../kubeproxy/iptables/decode.ts');
const nftablesDecoder = () => import('../kubeproxy/nftables/decode.ts');
const ipvsDecoder = () => import('../kubeproxy/ipvs/decode.ts');
const ciliumDecoder = () => import('../cilium/decode.ts');

export interface DumpSelection {
  /** "namespace/name": only this Service's entries (formats that name Services). */
  service?: string;
  /** Only the entries reached at these addresses: ipvsadm and Cilium, and the others when no `service` is given. */
  frontends?: FrontendFilter;
}

export interface DumpDecodeOptions extends DumpSelection {
  /** Node name, reported as is. */
  node: string;
  /** Where the dump came from, for messages. */
  source: string;
}

/** What each format is called in messages, and the command that prints it on a node. */
export const DUMP_FORMAT_NAMES: Record<Dataplane, string> = {
  iptables: 'iptables-save',
  nftables: 'nft list',
  ipvs: 'ipvsadm',
  cilium: 'cilium-dbg',
};

const KNOWN_FORMATS = 'iptables-save or iptables -S, nft list table ip kube-proxy (or nft list ruleset), ipvsadm -Ln (or -Sn), cilium-dbg service list (or -o json), cilium-dbg bpf lb list';

/** Whether the format names the Service of each entry (iptables, nftables), so that `service` can pick them. */
export function namesServices(format: Dataplane): boolean {
  return format === 'iptables' || format === 'nftables';
}

/** Decodes a dump of any format, told by its content. */
export async function decodeDump(text: string, opts: DumpDecodeOptions): Promise<NodeRules> {
  const format = knownFormat(detectDumpFormat(text), opts);
  const { node, source } = opts;
  if (namesServices(format)) {
    const service = opts.service === undefined ? {} : { service: opts.service };
    const rules =
      format === 'iptables'
        ? (await iptablesDecoder()).decodeIptablesSave(text, { node, source, ...service })
        : (await nftablesDecoder()).decodeNftables(text, { node, source, ...service });
    return opts.service === undefined ? onlyAt(rules, opts.frontends) : rules;
  }
  const frontends = frontendsOf(format, opts);
  const select = frontends === undefined ? {} : { frontends };
  return format === 'ipvs'
    ? (await ipvsDecoder()).decodeIpvsadm(text, { node, source, ...select })
    : (await ciliumDecoder()).decodeCilium(text, { node, source, ...select });
}

/**
 * Whether a dump of `format` can be read for `selection` in passes of chunks (a file too big to
 * hold): by service for the formats that name one, by frontends for the others.
 */
export function selectsInPasses(format: DumpFormat, selection: DumpSelection): boolean {
  if (format === 'unknown') return false;
  return namesServices(format) ? selection.service !== undefined : selection.frontends !== undefined;
}

/**
 * Decodes what `selection` asks for, reading the dump `pass` reads (a file, in chunks); `detected`
 * is the format its start tells (kubeproxy/detect.ts). Only where `selectsInPasses`.
 */
export async function decodeDumpPass(pass: DumpPass, detected: DumpFormat, opts: DumpDecodeOptions): Promise<NodeRules> {
  const format = knownFormat(detected, opts);
  const { node, source, service } = opts;
  if (namesServices(format)) {
    if (service === undefined) throw new Error('decodeDumpPass: an iptables or nftables dump is read in passes for one service');
    return format === 'iptables'
      ? (await iptablesDecoder()).decodeIptablesSaveService(pass, { node, source, service })
      : (await nftablesDecoder()).decodeNftablesService(pass, { node, source, service });
  }
  const filter = frontendsOf(format, opts);
  if (filter === undefined) throw new Error('decodeDumpPass: an ipvsadm or Cilium dump is read in passes for frontends');
  return format === 'ipvs'
    ? (await ipvsDecoder()).decodeIpvsadmPass(pass, { node, source, frontends: filter })
    : (await ciliumDecoder()).decodeCiliumPass(pass, { node, source, frontends: filter });
}

function knownFormat(format: DumpFormat, { source }: DumpDecodeOptions): Dataplane {
  if (format === 'unknown') throw new InputError(`${source}: is not a node dump this tool reads (${KNOWN_FORMATS})`);
  return format;
}

/** The frontends to read an ipvsadm or Cilium dump for; a Service without them cannot pick its entries. */
function frontendsOf(format: Dataplane, { source, service, frontends }: DumpDecodeOptions): FrontendFilter | undefined {
  if (frontends === undefined && service !== undefined) {
    throw new UsageError(`${source} is ${DUMP_FORMAT_NAMES[format]} output: --service needs the Service's addresses for ipvsadm/Cilium dumps: use --frontend IP:PORT`);
  }
  return frontends;
}

/**
 * The entries reached at one of `frontends`. A node port's frontend (ip null) listens on every
 * node address, so an address asked about with its port matches it.
 */
function onlyAt(rules: NodeRules, frontends: FrontendFilter | undefined): NodeRules {
  if (frontends === undefined) return rules;
  const at = (frontend: Frontend) => frontends.some((query) => (query.ip === null || frontend.ip === null || query.ip === frontend.ip) && (query.port === null || query.port === frontend.port));
  return { ...rules, services: rules.services.filter((entry) => entry.frontends.some(at)) };
}

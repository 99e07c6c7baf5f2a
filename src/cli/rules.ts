/**
 * `kubectl slices rules FILE [--service NAMESPACE/NAME] [--frontend IP:PORT...] [-o table|json|yaml]`:
 * what one node's dataplane does with each service port, decoded from that node's dump in any
 * format (told by content). ipvsadm and Cilium output name no Service, so their entries are picked
 * by address (--frontend); iptables and nftables ones by --service too. With either, a file is
 * searched in chunks rather than read whole (sources/dumps.ts).
 */
import type { Command } from 'commander';
import type { Dataplane, NodeRules } from '../dataplane/types.ts';
import { formatAddressPort, parseAddressPort } from '../dataplane/address.ts';
import type { FrontendQuery } from '../dataplane/frontendFilter.ts';
import { hiddenRoutingText } from '../dataplane/visibility.ts';
import { servicePortDocument } from '../kubeproxy/rulesDocument.ts';
import { printable } from '../render/printable.ts';
import { rulesPrintable } from '../render/rulesPrintable.ts';
import { InputError, UsageError } from '../failures.ts';
import { parseDumpSpec, readDump } from '../sources/dumps.ts';
import type { CliIO } from './io.ts';
import { outputOption, printOptions } from './options.ts';
import { printConfig, sortedBy, writeOutput, type PrintConfig, type PrintFlags } from './output.ts';
import type { ExitStatus } from './run.ts';

interface RulesOptions extends PrintFlags {
  service?: string;
  frontend: FrontendQuery[];
}

/** What a dataplane's entries are called when a dump has none. */
const ENTRIES: Record<Dataplane, string> = { iptables: 'kube-proxy rules', nftables: 'kube-proxy rules', ipvs: 'IPVS virtual services', cilium: 'Cilium frontends' };

/** Warnings printed under the table; the rest are counted (all are in -o json). */
const WARNINGS_SHOWN = 5;

export function registerRules(program: Command, io: CliIO, _status: ExitStatus): void {
  const command = program
    .command('rules')
    .description("decode one node's dataplane dump (kube-proxy iptables, nftables or IPVS; Cilium): frontends, endpoints and shares per service port")
    .argument('<file>', "the node's iptables-save, nft list, ipvsadm -Ln or cilium-dbg output, told by content (- for stdin); the node is named after the file, or NODE=FILE names it")
    .option('--service <namespace/name>', 'only this service (iptables and nftables dumps name it; ipvsadm and Cilium ones need --frontend)')
    .option('--frontend <ip:port>', 'only the entries at this address: IP:PORT, [IPv6]:PORT, or :PORT for a node port on any address (repeatable)', collectFrontend, [])
    .addOption(outputOption('rules'));
  printOptions(command).action(async (file: string, options: RulesOptions) => {
    const print = await printConfig(options, 'rules', io);
    const service = options.service === undefined ? undefined : parseServiceOption(options.service);
    const selection = { ...(service === undefined ? {} : { service }), ...(options.frontend.length > 0 ? { frontends: options.frontend } : {}) };
    const rules = await readDump(parseDumpSpec(file), io.stdin, selection);
    rules.services = await sortedBy(rules.services, print.sortBy, servicePortDocument);
    await writeRules(rules, print, io, describeSelection(service, options.frontend));
  });
}

const collectFrontend = (value: string, previous: FrontendQuery[] = []) => [...previous, parseFrontend(value)];

/** `10.96.0.10:53`, `[fd00::10]:53`, `:30080` (a node port, any address). */
function parseFrontend(value: string): FrontendQuery {
  if (/^:\d+$/.test(value)) {
    const port = Number(value.slice(1));
    if (port >= 1 && port <= 65535) return { ip: null, port };
  }
  const parsed = parseAddressPort(value);
  if (parsed === null || parsed.rest !== '' || parsed.port < 1) throw new UsageError(`--frontend wants IP:PORT, [IPv6]:PORT or :PORT, got "${value}"`);
  return { ip: parsed.ip, port: parsed.port };
}

/** `for shop/front`, `at 10.96.0.10:53`: what was asked for, in the line that says nothing matched. */
function describeSelection(service: string | undefined, frontends: readonly FrontendQuery[]): string | undefined {
  if (frontends.length > 0) return `at ${frontends.map((f) => (f.ip === null ? `:${f.port ?? ''}` : formatAddressPort(f.ip, f.port ?? 0))).join(', ')}`;
  return service === undefined ? undefined : `for ${service}`;
}

/** `namespace/name`, as kube-proxy's comments spell it. */
function parseServiceOption(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new UsageError(`--service wants NAMESPACE/NAME, got "${value}"`);
  }
  return value;
}

async function writeRules(rules: NodeRules, print: PrintConfig, io: CliIO, asked: string | undefined): Promise<void> {
  // "No rules for any service" would be a wrong answer on an IPVS, nftables or Cilium node.
  if (!rules.routing.shown) throw new InputError(`${rules.source}: ${hiddenRoutingText(rules.routing)}`);
  await writeOutput(rulesPrintable(rules, print.noHeaders), print, io);
  if (print.form.type !== 'table') return;
  // The dump's own words (a path, a skipped line) may carry control bytes too.
  const source = printable(rules.source);
  if (rules.services.length === 0) io.stderr.write(`No ${ENTRIES[rules.dataplane]} ${asked ?? 'for any service'} in ${source}.\n`);
  for (const warning of rules.warnings.slice(0, WARNINGS_SHOWN)) io.stderr.write(`warning: ${source}:${warning.line}: ${printable(warning.message)}\n`);
  const more = rules.warnings.length - WARNINGS_SHOWN;
  if (more > 0) io.stderr.write(`warning: ${source}: ${more} more warnings (all are in -o json)\n`);
  const orphans = rules.orphanEndpoints.length;
  if (orphans > 0) {
    io.stderr.write(`note: ${orphans} endpoint chain${orphans === 1 ? '' : 's'} that no service chain jumps to (stale, or hidden by a filter); see -o json\n`);
  }
}

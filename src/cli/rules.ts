/**
 * `kubectl slices rules FILE [--service NAMESPACE/NAME] [-o table|json|yaml]`: what one node's
 * kube-proxy does with each service port, decoded from that node's `iptables-save` output.
 * With --service, a file is searched in chunks rather than read whole (sources/dumps.ts).
 */
import type { Command } from 'commander';
import { rulesDocument } from '../kubeproxy/rulesDocument.ts';
import type { NodeRules } from '../dataplane/types.ts';
import { renderDocument } from '../render/document.ts';
import { printable } from '../render/printable.ts';
import { renderRulesTable } from '../render/rules-table.ts';
import { hiddenRoutingText } from '../dataplane/visibility.ts';
import { InputError, UsageError } from '../failures.ts';
import { parseDumpSpec, readDump } from '../sources/dumps.ts';
import type { CliIO } from './io.ts';
import { outputOption, type OutputFormat } from './options.ts';
import type { ExitStatus } from './run.ts';

interface RulesOptions {
  service?: string;
  output: OutputFormat<'rules'>;
}

/** Warnings printed under the table; the rest are counted (all are in -o json). */
const WARNINGS_SHOWN = 5;

export function registerRules(program: Command, io: CliIO, _status: ExitStatus): void {
  program
    .command('rules')
    .description("decode one node's dataplane dump (kube-proxy iptables, nftables or IPVS; Cilium): frontends, endpoints and shares per service port")
    .argument('<file>', "the node's iptables-save, nft list, ipvsadm -Ln or cilium-dbg output, told by content (- for stdin); the node is named after the file, or NODE=FILE names it")
    .option('--service <namespace/name>', 'only this service')
    .addOption(outputOption('rules'))
    .action(async (file: string, options: RulesOptions) => {
      const service = options.service === undefined ? undefined : parseServiceOption(options.service);
      const rules = await readDump(parseDumpSpec(file), io.stdin, service === undefined ? {} : { service });
      await writeRules(rules, options.output, io, service);
    });
}

/** `namespace/name`, as kube-proxy's comments spell it. */
function parseServiceOption(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new UsageError(`--service wants NAMESPACE/NAME, got "${value}"`);
  }
  return value;
}

async function writeRules(rules: NodeRules, format: OutputFormat<'rules'>, io: CliIO, service: string | undefined): Promise<void> {
  // "No rules for any service" would be a wrong answer on an IPVS, nftables or Cilium node.
  if (!rules.routing.shown) throw new InputError(`${rules.source}: ${hiddenRoutingText(rules.routing)}`);
  if (format !== 'table') {
    io.stdout.write(await renderDocument(rulesDocument(rules), format));
    return;
  }
  const table = renderRulesTable(rules.services);
  // The dump's own words (a path, a skipped line) may carry control bytes too.
  const source = printable(rules.source);
  if (table === '') io.stderr.write(`No kube-proxy rules ${service === undefined ? 'for any service' : `for ${service}`} in ${source}.\n`);
  io.stdout.write(table);
  for (const warning of rules.warnings.slice(0, WARNINGS_SHOWN)) io.stderr.write(`warning: ${source}:${warning.line}: ${printable(warning.message)}\n`);
  const more = rules.warnings.length - WARNINGS_SHOWN;
  if (more > 0) io.stderr.write(`warning: ${source}: ${more} more warnings (all are in -o json)\n`);
  const orphans = rules.orphanEndpoints.length;
  if (orphans > 0) {
    io.stderr.write(`note: ${orphans} endpoint chain${orphans === 1 ? '' : 's'} that no service chain jumps to (stale, or hidden by a filter); see -o json\n`);
  }
}

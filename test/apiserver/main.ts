/**
 * `npm run apiserver -- --snapshot FILE --kubeconfig OUT [--port N] [--https] [--token T]
 *  [--node-dump NODE=FILE ...] [--exec-protocols v5|v4] [--exec-fault KIND[@NODE] ...]`:
 * serves the snapshot until killed, writes a kubeconfig to OUT once listening, prints the URL.
 * Each --node-dump gets an agent pod in kube-system whose exec prints the file (nodedumps.ts).
 * Exec faults: forbidden, hang, command-not-found, exit=CODE, no-agent.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ExecProtocols } from './exec.ts';
import type { ExecFault } from './execsession.ts';
import { parseNodeDumpSpec, readNodeDump } from './nodedumps.ts';
import { startApiServer, type ApiServerOptions } from './server.ts';

const USAGE = 'usage: apiserver --snapshot FILE --kubeconfig OUT [--port N] [--https] [--token T] [--node-dump NODE=FILE ...] [--exec-protocols v5|v4] [--exec-fault forbidden|hang|command-not-found|exit=CODE|no-agent[@NODE] ...]';

interface Args {
  snapshot: string; kubeconfig: string; port: number; https: boolean; token: string | undefined;
  nodeDumps: { node: string; file: string }[]; execProtocols: ExecProtocols; faults: CliFault[];
}

type CliFault = { kind: 'forbidden' } | { kind: 'no-agent'; node?: string } | ExecFault;

function parse(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      snapshot: { type: 'string' }, kubeconfig: { type: 'string' }, port: { type: 'string' },
      https: { type: 'boolean' }, token: { type: 'string' },
      'node-dump': { type: 'string', multiple: true }, 'exec-protocols': { type: 'string' }, 'exec-fault': { type: 'string', multiple: true },
    },
    strict: true, allowPositionals: false,
  });
  if (!values.snapshot) throw new Error(`--snapshot is required (${USAGE})`);
  if (!existsSync(values.snapshot)) throw new Error(`--snapshot ${values.snapshot}: no such file`);
  if (!values.kubeconfig) throw new Error(`--kubeconfig is required (${USAGE})`);
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  const execProtocols = values['exec-protocols'] ?? 'v5';
  if (execProtocols !== 'v5' && execProtocols !== 'v4') throw new Error(`--exec-protocols must be v5 or v4, got "${execProtocols}"`);
  const nodeDumps = (values['node-dump'] ?? []).map(parseNodeDumpSpec);
  for (const d of nodeDumps) {
    if (!existsSync(d.file)) throw new Error(`--node-dump ${d.node}=${d.file}: no such file`);
    readNodeDump(d.node, d.file); // an unknown format is a bad argument
  }
  const faults = (values['exec-fault'] ?? []).map(parseFault);
  return { snapshot: values.snapshot, kubeconfig: values.kubeconfig, port, https: values.https ?? false, token: values.token, nodeDumps, execProtocols, faults };
}

/** `hang`, `hang@node-a`, `exit=3`, `exit=3@node-a`, `forbidden`, `command-not-found`, `no-agent@node-b`. */
function parseFault(spec: string): CliFault {
  const [kind = '', node] = spec.split('@');
  const at = node ? { node } : {};
  if (kind === 'forbidden' && !node) return { kind: 'forbidden' };
  if (kind === 'hang' || kind === 'command-not-found' || kind === 'no-agent') return { kind, ...at };
  const exit = /^exit=(\d{1,3})$/.exec(kind);
  if (exit && Number(exit[1]) >= 1 && Number(exit[1]) <= 255) return { kind: 'exit', code: Number(exit[1]), stderr: `test apiserver: injected exit ${exit[1]}\n`, ...at };
  throw new Error(`--exec-fault "${spec}": expected forbidden, hang, command-not-found, exit=CODE (1-255) or no-agent, optionally @NODE (not for forbidden)`);
}

function serverOptions(args: Args): ApiServerOptions {
  const withoutAgentPod = args.faults.flatMap((f) => (f.kind === 'no-agent' ? [f.node ?? ''] : []));
  if (withoutAgentPod.includes('')) withoutAgentPod.splice(0, withoutAgentPod.length, ...args.nodeDumps.map((d) => d.node));
  return {
    snapshotFile: args.snapshot, port: args.port, https: args.https, token: args.token,
    nodeDumps: args.nodeDumps, execProtocols: args.execProtocols, withoutAgentPod,
  };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`apiserver: ${oneLine(err)}\n`);
    process.exit(2);
  }
  const server = await startApiServer(serverOptions(args));
  for (const fault of args.faults) {
    if (fault.kind === 'forbidden') server.forbid('pods/exec');
    else if (fault.kind !== 'no-agent') server.execFault(fault);
  }
  if (args.https && !server.https) process.stderr.write('apiserver: openssl unavailable, serving plain HTTP\n');
  if (server.skipped.length > 0) process.stderr.write(`apiserver: not served, skipped: ${server.skipped.join(', ')}\n`);
  for (const a of server.agents) process.stderr.write(`apiserver: exec in ${a.namespace}/${a.pod} (container ${a.container}) on node ${a.node} serves ${a.dumps.map((d) => d.file).join(', ')}\n`);
  server.writeKubeconfig(args.kubeconfig);
  process.stdout.write(`${server.url}\n`);
  const shutdown = (): void => { void server.close().then(() => process.exit(0)); };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
}

main().catch((err: unknown) => {
  process.stderr.write(`apiserver: ${oneLine(err)}\n`);
  process.exit(1);
});

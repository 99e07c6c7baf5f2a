/**
 * `npm run apiserver -- --snapshot FILE --kubeconfig OUT [--port N] [--https] [--token T]`:
 * serves the snapshot until killed, writes a kubeconfig to OUT once listening, prints the URL.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startApiServer } from './server.ts';

const USAGE = 'usage: apiserver --snapshot FILE --kubeconfig OUT [--port N] [--https] [--token T]';

interface Args { snapshot: string; kubeconfig: string; port: number; https: boolean; token: string | undefined }

function parse(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      snapshot: { type: 'string' }, kubeconfig: { type: 'string' }, port: { type: 'string' },
      https: { type: 'boolean' }, token: { type: 'string' },
    },
    strict: true, allowPositionals: false,
  });
  if (!values.snapshot) throw new Error(`--snapshot is required (${USAGE})`);
  if (!existsSync(values.snapshot)) throw new Error(`--snapshot ${values.snapshot}: no such file`);
  if (!values.kubeconfig) throw new Error(`--kubeconfig is required (${USAGE})`);
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  return { snapshot: values.snapshot, kubeconfig: values.kubeconfig, port, https: values.https ?? false, token: values.token };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`apiserver: ${oneLine(err)}\n`);
    process.exit(2);
  }
  const server = await startApiServer({ snapshotFile: args.snapshot, port: args.port, https: args.https, token: args.token });
  if (args.https && !server.https) process.stderr.write('apiserver: openssl unavailable, serving plain HTTP\n');
  if (server.skipped.length > 0) process.stderr.write(`apiserver: not served, skipped: ${server.skipped.join(', ')}\n`);
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

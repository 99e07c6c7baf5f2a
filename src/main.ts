/**
 * Entry point of the kubectl-slices executable. It checks the Node version before anything
 * heavy is imported (the machine's own Node may be too old), turns on V8's compile cache for a
 * faster start, then hands over to the command line (but for `version`, below).
 */
import fs from 'node:fs';
import module from 'node:module';
import { exitOnceWritten } from './cli/exit.ts';
import { openStdout } from './cli/stdout.ts';
import { versionLine } from './version.ts';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`error: kubectl-slices needs Node >= 22.12 (this is ${process.version})\n`);
  process.exit(1);
}
module.enableCompileCache?.();

// `kubectl slices ... | head` closes the pipe early: that is the reader's choice, not an error.
const brokenPipe = (): never => process.exit(process.exitCode ?? 0);
// process.stdout once it is used: for a terminal, or for what a full non-blocking pipe leaves (cli/stdout.ts).
let nodeStdout: NodeJS.WriteStream | undefined;
const stdout = openStdout(fs, process.platform, () => (nodeStdout ??= withBrokenPipe(process.stdout)), brokenPipe);

const argv = process.argv.slice(2);
// process.stderr once a command has used it (see lazyStream).
let stderr: NodeJS.WriteStream | undefined;
if (argv.length === 1 && argv[0] === 'version') {
  // Start-up (issue 15): `version` alone prints what the command prints without loading the
  // command line, which costs more than Node itself takes to start.
  stdout.stream.write(`${versionLine()}\n`);
} else {
  const { run } = await import('./cli/run.ts');
  process.exitCode = await run(argv, {
    stdout: stdout.stream,
    stderr: lazyStream(() => (stderr ??= process.stderr)),
    stdin: lazyStream(() => process.stdin),
    env: process.env,
  });
}
// The command has returned: end without Node's teardown, once the output has left (cli/exit.ts).
exitOnceWritten(stderr ? [...stdout.queued(), stderr] : stdout.queued(), () => process.exit());

function withBrokenPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') brokenPipe();
    throw err;
  });
}

/**
 * process.stdin or process.stderr, created on its first use. Creating stdin opens the stream and
 * loads Node's stream modules (10 to 40 ms measured here with stdin on /dev/null or a pipe), and
 * commands pass it along even when no file is `-`. Creating stderr on a pipe or a terminal loads
 * node:net besides (1.5 ms of a `rules` run measured here, 61 alternated runs), and a command that
 * succeeds writes nothing there (test/cli/startup.test.ts).
 */
function lazyStream<T extends object>(stream: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const value: unknown = Reflect.get(stream(), key, stream());
      return typeof value === 'function' ? value.bind(stream()) : value;
    },
    set: (_, key, value) => Reflect.set(stream(), key, value),
    has: (_, key) => Reflect.has(stream(), key),
    getPrototypeOf: () => Object.getPrototypeOf(stream()),
  });
}

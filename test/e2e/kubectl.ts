/** The real kubectl, with this repository's bin/ first on PATH so `kubectl slices` dispatches to the plugin. */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin');

/** `npm test` builds first; a file run alone builds when dist/ is missing. */
export function ensureBuilt(): void {
  if (!existsSync(join(root, 'dist', 'kubectl-slices.mjs'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `PROGRAM ARGV` run to its end with exactly `env`, failing or not; asynchronous, so an in-process server can answer. */
export function runProgram(program: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    execFile(program, argv, { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `kubectl ARGV` with our bin/ first on PATH. */
export function kubectl(argv: string[], env: Record<string, string>): Promise<Result> {
  return runProgram('kubectl', argv, { ...env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });
}


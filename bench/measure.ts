/**
 * Shared measuring for the benchmarks: whole-process wall time of commands run alternately in the
 * same run (the machines are noisy, so only ratios against a baseline measured alongside count).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target, when there is one; `pass` says whether `value` meets it. */
  limit?: number;
  pass?: boolean;
  detail?: string;
}

export interface Command {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

/** Runs a command once and returns its wall time in milliseconds; fails loudly if it fails. */
export function timeOnce(command: Command): number {
  const [file, ...args] = command.argv;
  if (!file) throw new Error(`${command.label}: empty command`);
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, { env: { ...process.env, ...command.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 3) {
    throw new Error(`${command.label} exited ${result.status}: ${result.stderr?.toString().trim()}`);
  }
  return ms;
}

/** Alternates the commands round by round after warm-ups and returns each one's median. */
export function alternate(commands: Command[], rounds: number, warmups = 3): number[] {
  for (let i = 0; i < warmups; i++) for (const c of commands) timeOnce(c);
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    commands.forEach((c, i) => samples[i]?.push(timeOnce(c)));
  }
  return samples.map(median);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function ratioResult(name: string, value: number, limit: number, detail: string): BenchResult {
  return { name, value: Math.round(value * 100) / 100, unit: 'x', limit, pass: value <= limit, detail };
}

/** The floor for a Node tool that reads a dump: `node FILE DUMP` streams DUMP once through a 1 MiB buffer. */
const FLOOR = `import { openSync, readSync } from 'node:fs';
const fd = openSync(process.argv[2], 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let total = 0;
for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) total += n;
process.stdout.write(total + '\\n');
`;

/** Writes the streaming floor script to `path`. */
export function writeFloor(path: string): void {
  writeFileSync(path, FLOOR);
}

/** Peak resident memory of a whole Node process (`argv` is node, script, args), from GNU time or Node's own counter. */
export function peakRssBytes(argv: string[]): number {
  if (existsSync('/usr/bin/time')) {
    const result = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb=%M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const match = /maxrss-kb=(\d+)/.exec(result.stderr ?? '');
    if (match?.[1]) return Number(match[1]) * 1024;
  }
  const [node = process.execPath, script = '', ...args] = argv;
  const wrapper = `process.argv = [process.argv[0], ${JSON.stringify(script)}, ...${JSON.stringify(args)}];
process.on('exit', () => process.stderr.write('maxrss-kb=' + process.resourceUsage().maxRSS + '\\n'));
await import(${JSON.stringify(script)});`;
  const result = spawnSync(node, ['--input-type=module', '-e', wrapper], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const match = /maxrss-kb=(\d+)/.exec(result.stderr ?? '');
  return match?.[1] ? Number(match[1]) * 1024 : Number.NaN;
}

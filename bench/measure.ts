/**
 * Shared measuring for the benchmarks: whole-process wall time of commands run alternately in the
 * same run (the machines are noisy, so only ratios against a baseline measured alongside count).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  return alternateRounds(commands, rounds, warmups).map(median);
}

/** Alternates the commands round by round after warm-ups; each one's times, in round order. */
export function alternateRounds(commands: Command[], rounds: number, warmups = 3): number[][] {
  for (let i = 0; i < warmups; i++) for (const c of commands) timeOnce(c);
  const samples = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    commands.forEach((c, i) => samples[i]?.push(timeOnce(c)));
  }
  return samples;
}

/**
 * The median of the per-round ratios `ours[i] / base[i]`: each pair was timed back to back, so a
 * drift of the machine's speed over the run (the floors of two dumps of about the same size have
 * differed by 20% within one run) weighs on both sides of a ratio. Printed beside the ratio of
 * the medians, which is what the targets are checked on.
 */
export function pairedRatio(ours: readonly number[], base: readonly number[]): number {
  return median(ours.map((t, i) => t / (base[i] ?? Number.NaN)));
}

/** How a paired ratio reads in a result's detail. */
export function pairedText(ours: readonly number[], base: readonly number[]): string {
  return `paired ratio ${pairedRatio(ours, base).toFixed(2)}x, the median of the ${ours.length} per-round ratios`;
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

/** At most this much more memory for a million-line dump than for a small one (see memoryGrowth). */
export const GROWTH_LIMIT_MB = 4;

/**
 * What a dump's size costs in memory, for a command that must follow the service asked about, not
 * the dump (issue 11): its peak RSS on the million-line dump above its peak on a small dump from
 * the same generator, asked about the same kind of service. The command's own code and start are
 * in both and cancel out; what is left is what the other lines cost. (Measured above an idle start
 * instead, the decoders' code alone, 5 to 11 MB, would count as dump.)
 *
 * Each side is the lowest peak of 5 runs, and the highest is printed too: the same command on the
 * same dump peaks at 57.5 or 63.5 MB from run to run, and with V8's optimizing compiler off
 * (`--max-opt=2`) always at 57.8 MB, with Sparkplug alone (`--max-opt=1`) at 53.4 MB (measured on
 * the nft bench's services). Whether TurboFan compiles a hot loop before the end is timing, not dump.
 */
export function memoryGrowth(label: string, big: { argv: string[]; bytes: number }, small: { argv: string[]; bytes: number }): BenchResult {
  const [bigLow, bigHigh] = peakRange(big.argv);
  const [smallLow, smallHigh] = peakRange(small.argv);
  const growth = (bigLow - smallLow) / MIB;
  const mb = (bytes: number) => (bytes / MIB).toFixed(1);
  return {
    name: `${label}: peak memory, million-line dump above a small one`,
    value: Math.round(growth * 10) / 10,
    unit: 'MB',
    limit: GROWTH_LIMIT_MB,
    pass: growth <= GROWTH_LIMIT_MB,
    detail: `${mb(bigLow)} MB for the ${(big.bytes / MIB).toFixed(0)} MiB dump vs ${mb(smallLow)} MB for a ${mb(small.bytes)} MiB one (lowest of 5 runs; highest ${mb(bigHigh)} and ${mb(smallHigh)} MB)`,
  };
}

/** The lowest and highest peak RSS of `runs` runs of a command. */
function peakRange(argv: string[], runs = 5): [number, number] {
  const peaks = Array.from({ length: runs }, () => peakRssBytes(argv));
  return [Math.min(...peaks), Math.max(...peaks)];
}

const MIB = 1024 * 1024;

/**
 * Peak resident memory of a whole process, from GNU time; without it, from Node's own counter (a
 * Node script, or bin/kubectl-slices run as the bundle on the pinned Node, as the script does).
 */
export function peakRssBytes(argv: string[]): number {
  if (existsSync('/usr/bin/time')) {
    const result = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb=%M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const match = /maxrss-kb=(\d+)/.exec(result.stderr ?? '');
    if (match?.[1]) return Number(match[1]) * 1024;
  }
  const [node, script = '', ...args] = argv[0] === BIN ? [existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath, BUNDLE, ...argv.slice(1)] : argv;
  const wrapper = `process.argv = [process.argv[0], ${JSON.stringify(script)}, ...${JSON.stringify(args)}];
process.on('exit', () => process.stderr.write('maxrss-kb=' + process.resourceUsage().maxRSS + '\\n'));
await import(${JSON.stringify(script)});`;
  const result = spawnSync(node ?? process.execPath, ['--input-type=module', '-e', wrapper], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const match = /maxrss-kb=(\d+)/.exec(result.stderr ?? '');
  return match?.[1] ? Number(match[1]) * 1024 : Number.NaN;
}

const BIN = fileURLToPath(new URL('../bin/kubectl-slices', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/kubectl-slices.mjs', import.meta.url));
const PINNED_NODE = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));

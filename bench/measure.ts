/**
 * Shared measuring for the benchmarks: whole-process wall time of commands run alternately in the
 * same run (the machines are noisy, so only ratios against a baseline measured alongside count).
 */
import { spawnSync } from 'node:child_process';

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

/**
 * The standalone executables (issues "Ship it" and 15): start-up of the linux amd64 binary against
 * `kubectl version --client`, run directly and through kubectl, measured alternately in the same
 * run with the floors beside them (bare Node, kubectl running a no-op plugin), and the size of
 * every platform's archive. The binaries are built here with the release code itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostPlatform, PLATFORMS, platformName } from '../scripts/release/platforms.ts';
import { DEFAULT_RELEASE_TIME, release, type ReleasedPlatform } from '../scripts/release/release.ts';
import { seaBaseBinary } from '../scripts/release/strip.ts';
import { alternateRounds, median, pairedText, ratioResult, type BenchResult, type Command } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchStandalone(rounds = 15): Promise<BenchResult[]> {
  const host = hostPlatform();
  if (host?.os !== 'linux' || host.arch !== 'amd64') throw new Error('the standalone bench measures the linux amd64 binary; run it on linux amd64');
  const released = await release({
    tag: 'v0.0.0', platforms: PLATFORMS, projectDir: root, outDir: join(root, '.bench', 'release'),
    cacheDir: join(root, '.cache', 'node-binaries'), mtime: DEFAULT_RELEASE_TIME,
  });
  const linux = released.find((r) => r.platform === host);
  if (!linux) throw new Error('no linux amd64 archive was built');
  const dir = mkdtempSync(join(tmpdir(), 'slices-bench-'));
  try {
    return [...startup(installed(linux, dir), rounds), ...released.map(sizeResult)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Installed { binary: string; node: string; examples: string; env: NodeJS.ProcessEnv }

/** Unpacks the archive and puts the binary, and a no-op plugin for comparison, on a private PATH. */
function installed(linux: ReleasedPlatform, dir: string): Installed {
  execFileSync('tar', ['-xzf', linux.archivePath, '-C', dir]);
  const bin = join(dir, 'path');
  mkdirSync(bin);
  symlinkSync(join(dir, 'kubectl-slices'), join(bin, 'kubectl-slices'));
  symlinkSync('/bin/true', join(bin, 'kubectl-noop'));
  const node = seaBaseBinary(linux.platform, process.execPath, join(root, '.cache', 'node-binaries'));
  return { binary: join(dir, 'kubectl-slices'), node, examples: join(dir, 'examples', 'readiness-drill'), env: { PATH: `${bin}:${process.env.PATH}` } };
}

/** Issue 15's start-up targets, as ratios of `kubectl version --client` measured in the same run. */
const VERSION_TARGET = 1.0;
const EXPLAIN_TARGET = 1.3;

function startup(inst: Installed, rounds: number): BenchResult[] {
  const explainArgs = ['explain', 'svc/readiness-deployment', '-f', join(inst.examples, 'objects.yaml'), '--iptables', `minikube=${join(inst.examples, 'iptables-save.after.txt')}`];
  const cmds: Command[] = [
    { label: 'kubectl version --client', argv: ['kubectl', 'version', '--client'] },
    { label: 'kubectl-slices version', argv: [inst.binary, 'version'] },
    { label: 'kubectl-slices explain', argv: [inst.binary, ...explainArgs] },
    { label: 'kubectl slices version', argv: ['kubectl', 'slices', 'version'], env: inst.env },
    { label: 'kubectl slices explain', argv: ['kubectl', 'slices', ...explainArgs], env: inst.env },
    { label: 'kubectl noop (kubectl running /bin/true as a plugin)', argv: ['kubectl', 'noop'], env: inst.env },
    { label: 'node -e 0 (the same Node, stripped, no plugin code)', argv: [inst.node, '-e', '0'] },
  ];
  const timed = alternateRounds(cmds, rounds);
  const [kubectl = 1, version = 0, explain = 0, viaVersion = 0, viaExplain = 0, noop = 0, node = 0] = timed.map(median);
  const [kubectlRounds = [], versionRounds = [], explainRounds = [], viaVersionRounds = [], viaExplainRounds = [], noopRounds = []] = timed;
  // Each round's budget through kubectl, for the paired ratio.
  const budgets = (target: number): number[] => noopRounds.map((n, i) => n + target * (kubectlRounds[i] ?? Number.NaN));
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  const base = `kubectl version --client ${ms(kubectl)}; median of ${rounds} alternating rounds`;
  const floor = `floors: bare node -e 0 of the same binary ${ms(node)} (${(node / kubectl).toFixed(2)}x), kubectl running a no-op plugin ${ms(noop)} (${(noop / kubectl).toFixed(2)}x)`;
  // Through kubectl, the budget is kubectl's own cost of running any plugin (kubectl noop) plus
  // the direct target: the ratio printed is the time over that budget, at most 1.
  const via = (label: string, time: number, rounds: number[], direct: number, target: number): BenchResult => {
    const budget = noop + target * kubectl;
    const paired = pairedText(rounds, budgets(target));
    return ratioResult(`through kubectl: ${label} / (kubectl noop + ${target} x kubectl version --client)`, time / budget, 1, `${ms(time)} vs ${ms(noop)} + ${ms(target * kubectl)} = ${ms(budget)} (${paired}); run directly it took ${ms(direct)}; ${base}`);
  };
  return [
    ratioResult('linux amd64 binary: kubectl-slices version / kubectl version --client', version / kubectl, VERSION_TARGET, `${ms(version)} vs ${base} (${pairedText(versionRounds, kubectlRounds)}); ${floor}`),
    ratioResult('linux amd64 binary: kubectl-slices explain -f example / kubectl version --client', explain / kubectl, EXPLAIN_TARGET, `${ms(explain)} vs ${base} (${pairedText(explainRounds, kubectlRounds)})`),
    via('kubectl slices version', viaVersion, viaVersionRounds, version, VERSION_TARGET),
    via('kubectl slices explain -f example', viaExplain, viaExplainRounds, explain, EXPLAIN_TARGET),
  ];
}

function sizeResult(r: ReleasedPlatform): BenchResult {
  const mib = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
  return { name: `archive ${platformName(r.platform)} (${r.fileName.replace(/.*_v0\.0\.0_/, '')})`, value: mib(r.archiveBytes), unit: ' MiB', detail: `executable ${mib(r.executableBytes)} MiB` };
}

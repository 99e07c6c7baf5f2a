/**
 * The nftables `rules --service` target of issue 11: decoding one service from a 1,000,000-line
 * `nft list ruleset` as a whole process takes at most 1.5x the time the same Node needs just to
 * stream the file once through a 1 MiB buffer (the floor for a Node tool), measured alternately in
 * the same run; and its memory follows the service, not the dump.
 * The process measured is the real command, `rules FILE --service NS/NAME -o json`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNftDump, type GeneratedNftDump } from './generate-nft-dump.ts';
import { alternate, peakRssBytes, ratioResult, writeFloor, type BenchResult, type Command } from './measure.ts';

const bin = fileURLToPath(new URL('../bin/kubectl-slices', import.meta.url));
const MB = 1024 * 1024;

export async function benchNftables(rounds = 7): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-slices-nft-bench-'));
  try {
    const dump = generateNftDump(join(dir, 'node-1.nft'));
    const floor = join(dir, 'floor.mjs');
    writeFloor(floor);
    const service: Command = { label: 'rules --service (nft)', argv: [bin, 'rules', dump.path, '--service', dump.sampleService, '-o', 'json'] };
    const stream: Command = { label: 'stream the file (1 MiB reads)', argv: [process.execPath, floor, dump.path] };
    const decoded = check(service, dump);
    const [ours = 0, baseline = 0] = alternate([service, stream], rounds, 2);
    const size = `${dump.lines.toLocaleString('en')} lines, ${(dump.bytes / MB).toFixed(0)} MiB, ${dump.services} services, ${dump.endpoints} endpoints`;
    // What the dump costs is measured above the command's own start (its code), as the iptables
    // rules bench does (bench/rules.ts): it must follow the service asked about, not the dump.
    const peak = peakRssBytes(service.argv);
    const idle = peakRssBytes([bin, 'version']);
    const streaming = peakRssBytes(stream.argv);
    const loaded = peakRssBytes([bin, 'rules', '--help']);
    const extra = Math.max(0, peak - idle);
    return [
      ratioResult(
        'nft rules --service / stream the file once',
        ours / baseline,
        1.5,
        `median ${ours.toFixed(1)} ms vs ${baseline.toFixed(1)} ms over ${rounds} alternating rounds; ${size}; service ${dump.sampleService} (${decoded})`,
      ),
      {
        name: 'nft rules --service memory above idle / dump size',
        value: Math.round((extra / dump.bytes) * 1000) / 1000,
        unit: 'x',
        limit: 0.1,
        pass: extra / dump.bytes <= 0.1,
        detail: `${(extra / MB).toFixed(1)} MB more peak RSS than kubectl-slices version (${(idle / MB).toFixed(1)} MB) for the ${(dump.bytes / MB).toFixed(0)} MiB dump; streaming it alone peaks at ${(streaming / MB).toFixed(1)} MB, rules --help (the command's code, no dump) at ${(loaded / MB).toFixed(1)} MB, rules --service at ${(peak / MB).toFixed(1)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the decode once and checks it found the sample service, so the timing is of real work. */
function check(command: Command, dump: GeneratedNftDump): string {
  const [file = '', ...args] = command.argv;
  const result = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 64 * MB });
  if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${result.stderr}`);
  const rules = JSON.parse(result.stdout) as { dataplane: string; completeness: string; services: { service: string | null; endpoints: unknown[]; localEndpoints?: unknown[] }[] };
  const port = rules.services.find((p) => p.service === dump.sampleService);
  if (rules.dataplane !== 'nftables' || rules.completeness !== 'complete' || !port?.endpoints.length) {
    throw new Error(`${command.label} did not decode ${dump.sampleService} from the complete dump`);
  }
  return `${port.endpoints.length} endpoints, ${port.localEndpoints?.length ?? 0} local`;
}

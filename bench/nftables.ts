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
import { alternateRounds, median, memoryGrowth, pairedText, peakRssBytes, ratioResult, writeFloor, type BenchResult, type Command } from './measure.ts';

const bin = fileURLToPath(new URL('../bin/kubectl-slices', import.meta.url));
const MB = 1024 * 1024;

export async function benchNftables(rounds = 15): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-slices-nft-bench-'));
  try {
    const dump = generateNftDump(join(dir, 'node-1.nft'));
    // The same generator with 500 services and no other table: 1.3 MiB.
    const small = generateNftDump(join(dir, 'small.nft'), 0, 500);
    const floor = join(dir, 'floor.mjs');
    writeFloor(floor);
    const service: Command = { label: 'rules --service (nft)', argv: [bin, 'rules', dump.path, '--service', dump.sampleService, '-o', 'json'] };
    const stream: Command = { label: 'stream the file (1 MiB reads)', argv: [process.execPath, floor, dump.path] };
    const decoded = check(service, dump);
    check({ label: 'rules --service (small nft dump)', argv: [bin, 'rules', small.path, '--service', small.sampleService, '-o', 'json'] }, small);
    const [oursRounds = [], baseRounds = []] = alternateRounds([service, stream], rounds, 2);
    const [ours, baseline] = [median(oursRounds), median(baseRounds)];
    const size = `${dump.lines.toLocaleString('en')} lines, ${(dump.bytes / MB).toFixed(0)} MiB, ${dump.services} services, ${dump.endpoints} endpoints`;
    // The command's own code is measured apart (rules --help) from what the dump costs (memoryGrowth).
    const idle = peakRssBytes([bin, 'version']);
    const streaming = peakRssBytes(stream.argv);
    const loaded = peakRssBytes([bin, 'rules', '--help']);
    const peak = peakRssBytes(service.argv);
    const asked = (d: GeneratedNftDump) => ({ argv: [bin, 'rules', d.path, '--service', d.sampleService, '-o', 'json'], bytes: d.bytes });
    return [
      ratioResult(
        'nft rules --service / stream the file once',
        ours / baseline,
        1.5,
        `median ${ours.toFixed(1)} ms vs ${baseline.toFixed(1)} ms over ${rounds} alternating rounds (${pairedText(oursRounds, baseRounds)}); ${size}; service ${dump.sampleService} (${decoded})`,
      ),
      memoryGrowth('nft rules --service', asked(dump), asked(small)),
      {
        name: 'nft rules --service: peak memory',
        value: Math.round((peak / MB) * 10) / 10,
        unit: 'MB',
        detail: `kubectl-slices version alone peaks at ${(idle / MB).toFixed(1)} MB, rules --help (the command's code, no dump) at ${(loaded / MB).toFixed(1)} MB, streaming the ${(dump.bytes / MB).toFixed(0)} MiB dump at ${(streaming / MB).toFixed(1)} MB`,
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

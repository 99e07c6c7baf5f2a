/**
 * The dataplane decoders on million-line dumps of every format they read, through the real
 * command as a whole process (issue 11): `rules FILE --frontend IP:PORT -o json` must take at
 * most 1.5x the time the same Node needs to stream the file once through a 1 MiB buffer (the
 * floor for a Node tool), measured alternately in the same run. Also printed: `rules FILE -o
 * json`, every entry (no target), and the peak memory of the filtered command, which must follow
 * the frontend asked about, not the dump: what the million-line dump costs above a 100,000-line one
 * of the same format (measure.ts memoryGrowth), and, for reference, its peak above streaming.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DUMP_FORMATS, generateDataplaneDump, type GeneratedDataplaneDump } from './dataplane-dumps.ts';
import { alternate, alternateRounds, median, memoryGrowth, pairedText, peakRssBytes, ratioResult, writeFloor, type BenchResult, type Command } from './measure.ts';

const bin = fileURLToPath(new URL('../bin/kubectl-slices', import.meta.url));
const MB = 1024 * 1024;
/**
 * A small dump of each format, for what the million-line one costs above it (memoryGrowth): large
 * enough (2 to 8 MiB) that V8 compiles the same code at the same tiers as on the million-line one.
 * Its optimizing compile of the vector search (src/dataplane/scan.wat) alone adds 4 MB to a peak,
 * once: a Cilium JSON dump of 20,000 lines (0.4 MiB) peaked at 54.7 MB, of 50,000 at 56.8, of
 * 100,000 at 61.3, and the million-line one (21 MiB) at 61.5; with `--liftoff-only` (no optimizing
 * compile of WebAssembly) the million-line one peaked at 57.4 MB.
 */
const SMALL_LINES = 100_000;

export async function benchDataplane(rounds = 15): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-slices-dataplane-'));
  try {
    const floor = join(dir, 'floor.mjs');
    writeFloor(floor);
    const results: BenchResult[] = [];
    for (const format of DUMP_FORMATS) {
      const dump = generateDataplaneDump(format, join(dir, `${format}.txt`));
      const small = generateDataplaneDump(format, join(dir, `${format}.small.txt`), SMALL_LINES);
      results.push(...measure(dump, small, floor, rounds));
      rmSync(dump.path, { force: true });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(dump: GeneratedDataplaneDump, small: GeneratedDataplaneDump, floor: string, rounds: number): BenchResult[] {
  const node = process.execPath;
  const { ip, port } = dump.sample;
  const frontend = frontendOf(dump);
  const asked = (d: GeneratedDataplaneDump): Command => ({ label: `${d.format} --frontend`, argv: [bin, 'rules', d.path, '--frontend', frontendOf(d), '-o', 'json'] });
  const filtered = asked(dump);
  const whole: Command = { label: `${dump.format} whole`, argv: [bin, 'rules', dump.path, '-o', 'json'] };
  checkFound(filtered, frontend);
  checkFound(asked(small), frontendOf(small));
  const stream: Command = { label: 'stream 1 MiB', argv: [node, floor, dump.path] };
  const [oursRounds = [], baseRounds = []] = alternateRounds([filtered, stream], rounds, 2);
  const [ours, base] = [median(oursRounds), median(baseRounds)];
  // Decoding a whole million-line dump takes seconds: one alternated round is enough to print it.
  const [all = 0, base2 = 0] = alternate([whole, stream], 1, 0);
  const size = `${dump.lines.toLocaleString('en')} lines, ${(dump.bytes / MB).toFixed(0)} MiB, ${dump.services.toLocaleString('en')} services; frontend ${ip}:${port}`;
  const floorRss = peakRssBytes(stream.argv);
  const ourRss = peakRssBytes(filtered.argv);
  const extra = Math.max(0, ourRss - floorRss);
  return [
    ratioResult(`${dump.format}: rules --frontend / stream the file`, ours / base, 1.5, `median ${ours.toFixed(1)} ms vs ${base.toFixed(1)} ms over ${rounds} alternating rounds (${pairedText(oursRounds, baseRounds)}); ${size}`),
    { name: `${dump.format}: rules, the whole dump / stream the file`, value: Math.round((all / base2) * 100) / 100, unit: 'x', detail: `${all.toFixed(1)} ms vs ${base2.toFixed(1)} ms (one round); every entry decoded, no target` },
    memoryGrowth(`${dump.format}: rules --frontend`, { argv: filtered.argv, bytes: dump.bytes }, { argv: asked(small).argv, bytes: small.bytes }),
    {
      name: `${dump.format}: peak memory above streaming, rules --frontend`,
      value: Math.round((extra / MB) * 10) / 10,
      unit: 'MB',
      detail: `${(ourRss / MB).toFixed(1)} MB peak vs ${(floorRss / MB).toFixed(1)} MB for streaming alone; the dump is ${(dump.bytes / MB).toFixed(0)} MiB`,
    },
  ];
}

/** `IP:PORT` or `[IPv6]:PORT` of the dump's sample frontend. */
function frontendOf({ sample: { ip, port } }: GeneratedDataplaneDump): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Runs the filtered command once and checks it found the frontend, so the timing is of real work. */
function checkFound(command: Command, frontend: string): void {
  const [file = '', ...args] = command.argv;
  const result = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 64 * MB });
  if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${result.stderr}`);
  const { services } = JSON.parse(result.stdout) as { services: { endpoints: unknown[] }[] };
  if (!services.some((s) => s.endpoints.length > 0)) throw new Error(`${command.label} found no endpoints at ${frontend}`);
}

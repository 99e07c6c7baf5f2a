/**
 * The dataplane decoders on million-line dumps of every format they read, as whole processes:
 * decoding what concerns one frontend (the `rules --service` case) must take at most 1.5x the
 * time the same Node needs to stream the file once through a 1 MiB buffer (the floor for a Node
 * tool), measured alternately in the same run. Also printed: decoding the whole dump (no target),
 * and the peak memory of the filtered decode above the streaming floor, which must follow the
 * frontend asked about, not the dump (at most MEMORY_LIMIT_MB, for dumps of 20 to 80 MiB).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DUMP_FORMATS, generateDataplaneDump, type GeneratedDataplaneDump } from './dataplane-dumps.ts';
import { alternate, ratioResult, type BenchResult, type Command } from './measure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const MB = 1024 * 1024;
/** The decoder's code, one chunk being searched and one frontend's lines: a few MB, never the dump. */
const MEMORY_LIMIT_MB = 16;

/** Reads the file once through a 1 MiB buffer, and nothing else. */
const FLOOR = `import { openSync, readSync } from 'node:fs';
const fd = openSync(process.argv[2], 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let total = 0;
for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) total += n;
process.stdout.write(total + '\\n');
`;

export async function benchDataplane(rounds = 5): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-slices-dataplane-'));
  try {
    const child = join(dir, 'child.mjs');
    const floor = join(dir, 'floor.mjs');
    await build({ entryPoints: [join(root, 'bench/dataplane.child.ts')], outfile: child, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
    writeFileSync(floor, FLOOR);
    const results: BenchResult[] = [];
    for (const format of DUMP_FORMATS) {
      const dump = generateDataplaneDump(format, join(dir, `${format}.txt`));
      results.push(...measure(dump, child, floor, rounds));
      rmSync(dump.path, { force: true });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(dump: GeneratedDataplaneDump, child: string, floor: string, rounds: number): BenchResult[] {
  const node = process.execPath;
  const { ip, port } = dump.sample;
  const filtered: Command = { label: `${dump.format} --service`, argv: [node, child, dump.format, dump.path, ip, String(port)] };
  const whole: Command = { label: `${dump.format} whole`, argv: [node, child, dump.format, dump.path, '-'] };
  const stream: Command = { label: 'stream 1 MiB', argv: [node, floor, dump.path] };
  const [ours = 0, base = 0] = alternate([filtered, stream], rounds, 2);
  // Decoding a whole million-line dump takes seconds: one alternated round is enough to print it.
  const [all = 0, base2 = 0] = alternate([whole, stream], 1, 0);
  const size = `${dump.lines.toLocaleString('en')} lines, ${(dump.bytes / MB).toFixed(0)} MiB, ${dump.services.toLocaleString('en')} services; frontend ${ip}:${port}`;
  const floorRss = peakRssBytes(stream.argv);
  const ourRss = peakRssBytes(filtered.argv);
  const extra = Math.max(0, ourRss - floorRss);
  return [
    ratioResult(`${dump.format}: decode one frontend / stream the file`, ours / base, 1.5, `median ${ours.toFixed(1)} ms vs ${base.toFixed(1)} ms over ${rounds} alternating rounds; ${size}`),
    { name: `${dump.format}: decode the whole dump / stream the file`, value: Math.round((all / base2) * 100) / 100, unit: 'x', detail: `${all.toFixed(1)} ms vs ${base2.toFixed(1)} ms (one round); every entry decoded, no target` },
    {
      // What one frontend costs does not grow with the dump: a fixed bound, whatever the dump size.
      name: `${dump.format}: peak memory above streaming, decoding one frontend`,
      value: Math.round((extra / MB) * 10) / 10,
      unit: 'MB',
      limit: MEMORY_LIMIT_MB,
      pass: extra / MB <= MEMORY_LIMIT_MB,
      detail: `${(ourRss / MB).toFixed(1)} MB peak vs ${(floorRss / MB).toFixed(1)} MB for streaming alone; the dump is ${(dump.bytes / MB).toFixed(0)} MiB`,
    },
  ];
}

/** Peak resident memory of a whole process, from GNU time, or from Node's own counter. */
function peakRssBytes(argv: string[]): number {
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

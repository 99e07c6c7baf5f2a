/**
 * `npm run bench`: every speed and memory target of the project, each printed as a figure measured
 * in this run against a baseline measured alongside it. Exits 1 when a target is missed.
 */
import { benchExplain } from './explain.ts';
import { benchLive } from './live.ts';
import type { BenchResult } from './measure.ts';
import { benchRules } from './rules.ts';
import { benchWatch } from './watch.ts';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['explain (offline, whole process)', () => benchExplain()],
  ['rules (1,000,000-line dump)', () => benchRules()],
  ['live explain and list (in-memory API server)', () => benchLive()],
  ['watch (long drill, memory and CPU)', () => benchWatch()],
];

let failed = false;
for (const [name, suite] of suites) {
  process.stdout.write(`# ${name}\n`);
  for (const r of await suite()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
    const limit = r.limit === undefined ? '' : ` (target <= ${r.limit}${r.unit})`;
    process.stdout.write(`${r.name}: ${r.value}${r.unit}${limit}${verdict}${r.detail ? `\n    ${r.detail}` : ''}\n`);
    if (r.pass === false) failed = true;
  }
}
process.exitCode = failed ? 1 : 0;

/**
 * `npm run bench`: every speed and memory target of the project, each printed as a figure measured
 * in this run against a baseline measured alongside it. Exits 1 when a target is missed.
 */
import { benchCollect } from './collect.ts';
import { benchDataplane } from './dataplane.ts';
import { benchExplain } from './explain.ts';
import { benchLive } from './live.ts';
import { benchNftables } from './nftables.ts';
import type { BenchResult } from './measure.ts';
import { benchRules } from './rules.ts';
import { benchStandalone } from './standalone.ts';
import { benchWatch } from './watch.ts';

const suites: [string, () => Promise<BenchResult[]>][] = [
  ['explain (offline, whole process)', () => benchExplain()],
  ['standalone executables (npm run release)', () => benchStandalone()],
  ['rules (1,000,000-line dump)', () => benchRules()],
  ['dataplane decoders (1,000,000-line ipvsadm and Cilium dumps)', () => benchDataplane()],
  ['rules nftables (1,000,000-line nft list ruleset)', () => benchNftables()],
  ['live explain and list (in-memory API server)', () => benchLive()],
  ['watch (long drill, memory and CPU)', () => benchWatch()],
  ['collect-dataplane (50 nodes by exec vs dump files)', () => benchCollect()],
];

// `npm run bench -- standalone rules` runs only the suites whose names contain those words.
const only = process.argv.slice(2);
let failed = false;
for (const [name, suite] of suites.filter(([n]) => only.length === 0 || only.some((w) => n.includes(w)))) {
  process.stdout.write(`# ${name}\n`);
  for (const r of await suite()) {
    const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
    const limit = r.limit === undefined ? '' : ` (target <= ${r.limit}${r.unit})`;
    process.stdout.write(`${r.name}: ${r.value}${r.unit}${limit}${verdict}${r.detail ? `\n    ${r.detail}` : ''}\n`);
    if (r.pass === false) failed = true;
  }
}
process.exitCode = failed ? 1 : 0;

/** `node --import tsx bench/dataplane.main.ts`: the dataplane decoder benchmark alone. */
import { benchDataplane } from './dataplane.ts';

let failed = false;
for (const r of await benchDataplane()) {
  const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
  const limit = r.limit === undefined ? '' : ` (target <= ${r.limit}${r.unit})`;
  process.stdout.write(`${r.name}: ${r.value}${r.unit}${limit}${verdict}${r.detail ? `\n    ${r.detail}` : ''}\n`);
  if (r.pass === false) failed = true;
}
process.exitCode = failed ? 1 : 0;

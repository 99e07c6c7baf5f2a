/** `node --import tsx bench/rules.main.ts`: the `rules` benchmark alone (build first: npm run build). */
import { benchRules } from './rules.ts';

let failed = false;
for (const r of await benchRules()) {
  const verdict = r.pass === undefined ? '' : r.pass ? '  ok' : '  MISSED';
  const limit = r.limit === undefined ? '' : ` (target ${r.unit === 'x' ? '<=' : '<'} ${r.limit}${r.unit})`;
  process.stdout.write(`${r.name}: ${r.value}${r.unit}${limit}${verdict}${r.detail ? `\n    ${r.detail}` : ''}\n`);
  if (r.pass === false) failed = true;
}
process.exitCode = failed ? 1 : 0;

/**
 * The floor for any Node tool that reads a dump: `node stream-floor.mjs FILE` streams FILE once
 * through a 1 MiB buffer and prints how many bytes it read. Nothing is decoded.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const fd = openSync(process.argv[2] ?? '', 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let total = 0;
for (let count = readSync(fd, buffer, 0, buffer.length, null); count > 0; count = readSync(fd, buffer, 0, buffer.length, null)) total += count;
closeSync(fd);
process.stdout.write(`${total}\n`);
if (process.env.BENCH_RSS === '1') process.stderr.write(`maxrss-kb=${process.resourceUsage().maxRSS}\n`);

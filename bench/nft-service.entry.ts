/**
 * The nftables service decode as a whole process, for the benchmark (bench/nftables.ts bundles it):
 * `node nft-service.mjs FILE NAMESPACE/NAME` reads FILE in 1 MiB chunks the way `rules --service`
 * reads an iptables dump (src/cli/rules.ts) and prints the decoded NodeRules as JSON.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { lineChunks, readUpTo, type DumpPass, type ReadBytes } from '../src/kubeproxy/iptables/chunks.ts';
import { decodeNftablesService } from '../src/kubeproxy/nftables/decode.ts';

const [file = '', service = ''] = process.argv.slice(2);
const fd = openSync(file, 'r');
const readAt = (start: number): ReadBytes => {
  let position = start;
  return (into, offset, length) => {
    const count = readSync(fd, into, offset, length, position);
    position += count;
    return count;
  };
};
const pass: DumpPass = (from = 0, to) => lineChunks(readUpTo(readAt(from), from, to), from);
const rules = decodeNftablesService(pass, { node: 'node-1', source: file, service });
closeSync(fd);
process.stdout.write(`${JSON.stringify(rules)}\n`);

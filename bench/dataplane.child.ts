/**
 * The decoding side of the dataplane benchmark, bundled and run as its own process:
 * `node child.mjs FORMAT FILE IP PORT` decodes what concerns that frontend, reading the file in
 * 1 MiB chunks the way `rules --service` reads an iptables dump; with IP `-` it reads the whole
 * file and decodes every entry. Prints how many entries it found, so none of the work is idle.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { decodeCilium, decodeCiliumPass } from '../src/cilium/decode.ts';
import type { NodeRules } from '../src/dataplane/types.ts';
import { lineChunks, readUpTo, type DumpPass } from '../src/kubeproxy/iptables/chunks.ts';
import { decodeIpvsadm, decodeIpvsadmPass } from '../src/kubeproxy/ipvs/decode.ts';

const [format = '', file = '', ip = '-', port = '0'] = process.argv.slice(2);
const ipvs = format.startsWith('ipvsadm');
let rules: NodeRules;
if (ip === '-') {
  const text = readFileSync(file, 'utf8');
  rules = ipvs ? decodeIpvsadm(text, { node: 'n', source: file }) : decodeCilium(text, { node: 'n', source: file });
} else {
  const fd = openSync(file, 'r');
  const pass: DumpPass = (from = 0, to) => {
    let position = from;
    const read = (into: Buffer, offset: number, length: number) => {
      const count = readSync(fd, into, offset, length, position);
      position += count;
      return count;
    };
    return lineChunks(readUpTo(read, from, to), from);
  };
  const opts = { node: 'n', source: file, frontends: [{ ip, port: Number(port) }] };
  rules = ipvs ? decodeIpvsadmPass(pass, opts) : decodeCiliumPass(pass, opts);
  closeSync(fd);
}
process.stdout.write(`${rules.services.length} ${rules.completeness} ${rules.warnings.length}\n`);

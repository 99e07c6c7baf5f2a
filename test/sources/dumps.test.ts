/**
 * sources/dumps.ts is the one dump reader of `explain --iptables` and `rules`: one node-name rule,
 * and the chunked search for one service gives what reading the whole file gives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeIptablesSave } from '../../src/kubeproxy/iptables/decode.ts';
import { parseDumpSpec, readDump, type DumpSpec } from '../../src/sources/dumps.ts';

const dump = fileURLToPath(new URL('../kubeproxy/dumps/seed-after.txt', import.meta.url));
const noStdin = () => Readable.from([]);

describe('parseDumpSpec: which node a dump is', () => {
  const cases: { spec: string; parsed: DumpSpec }[] = [
    { spec: 'minikube=dumps/after.txt', parsed: { node: 'minikube', path: 'dumps/after.txt' } },
    { spec: 'dumps/node-a.txt', parsed: { node: 'node-a', path: 'dumps/node-a.txt' } },
    { spec: 'ip-10-0-1-7.ec2.internal.txt', parsed: { node: 'ip-10-0-1-7.ec2.internal', path: 'ip-10-0-1-7.ec2.internal.txt' } },
    { spec: 'node-b', parsed: { node: 'node-b', path: 'node-b' } },
    { spec: '-', parsed: { node: 'stdin', path: '-' } },
    { spec: 'worker=-', parsed: { node: 'worker', path: '-' } },
    { spec: 'dumps/a=b.txt', parsed: { node: 'a=b', path: 'dumps/a=b.txt' } },
  ];
  for (const c of cases) it(`${c.spec} -> ${c.parsed.node}`, () => assert.deepEqual(parseDumpSpec(c.spec), c.parsed));
});

describe('readDump: chunked for one service, whole otherwise, the same rules either way', () => {
  const text = readFileSync(dump, 'utf8');
  const cases: { name: string; service?: string }[] = [{ name: 'every service' }, { name: 'one service, searched in chunks', service: 'default/readiness-deployment' }, { name: 'a service the dump does not have', service: 'default/nothing' }];
  for (const c of cases) {
    it(c.name, async () => {
      const fromFile = await readDump({ node: 'minikube', path: dump }, noStdin(), c.service ? { service: c.service } : {});
      const fromStdin = await readDump({ node: 'minikube', path: '-' }, Readable.from([text]), c.service ? { service: c.service } : {});
      const whole = decodeIptablesSave(text, { node: 'minikube', source: dump, ...(c.service ? { service: c.service } : {}) });
      assert.deepEqual(fromFile, whole);
      assert.deepEqual({ ...fromStdin, source: dump }, whole);
      assert.equal(fromStdin.source, '<stdin>');
    });
  }

  it('a missing file is one line naming it', async () => {
    await assert.rejects(readDump({ node: 'x', path: '/nonexistent/dump.txt' }, noStdin(), { service: 'default/web' }), { message: '/nonexistent/dump.txt: no such file' });
  });
});

/**
 * sources/dumps.ts is the one dump reader of `explain --iptables` and `rules`: one node-name rule,
 * and the chunked search for one service gives what reading the whole file gives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  // The reader decides the format from the first 64 KiB when an iptables line is there, and from
  // the first MiB otherwise (kubeproxy/detect.ts decidedFormat): both paths find the same rules.
  const padded = (name: string, content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'dumps-')), name);
    writeFileSync(path, content);
    return path;
  };
  const comments = (bytes: number) => '# padding\n'.repeat(Math.ceil(bytes / 10));
  const service = 'default/readiness-deployment';
  const whole = decodeIptablesSave(text, { node: 'minikube', source: 'x', service });
  it('a dump over 64 KiB whose first lines are rules: decided early', async () => {
    const path = padded('early.txt', text + comments(100_000));
    assert.deepEqual({ ...(await readDump({ node: 'minikube', path }, noStdin(), { service })), source: 'x' }, whole);
  });
  it('a dump whose first 64 KiB are comments: decided from the first MiB', async () => {
    const path = padded('late.txt', comments(70_000) + text);
    const late = await readDump({ node: 'minikube', path }, noStdin(), { service });
    assert.equal(late.dataplane, 'iptables');
    assert.deepEqual(late.services, whole.services);
  });
  it('an nft dump behind 64 KiB of comments is nft, not an empty iptables dump', async () => {
    const nft = readFileSync(fileURLToPath(new URL('../kubeproxy/nftables/dumps/v1.29-knftables-test.nft', import.meta.url)), 'utf8');
    const path = padded('nft.txt', comments(70_000) + nft);
    assert.equal((await readDump({ node: 'n', path }, noStdin(), { service: 'default/nothing' })).dataplane, 'nftables');
  });

  // A dump the first read (1 MiB) holds whole is searched in those bytes; a longer one in passes
  // that read the file again, chunk by chunk: the same rules either way.
  it('a dump longer than the first read is searched in passes over the file, with the same rules and line numbers', async () => {
    // A rule of the service that is skipped with a warning: its line number, counted in a pass,
    // proves where in the file each chunk was read from.
    const bad = '-A KUBE-SVC-X -m comment --comment "default/readiness-deployment:http" -m statistic --mode random --probability 2 -j KUBE-SEP-Y\n';
    const content = comments(1_100_000) + bad + text + comments(1_100_000);
    const long = await readDump({ node: 'minikube', path: padded('long.txt', content) }, noStdin(), { service });
    const expected = decodeIptablesSave(content, { node: 'minikube', source: 'x', service });
    assert.equal(expected.warnings.length, 1);
    assert.ok((expected.warnings[0]?.line ?? 0) > 110_000, 'the warning is past the first MiB');
    assert.deepEqual({ ...long, source: 'x' }, expected);
  });

  it('a missing file is one line naming it', async () => {
    await assert.rejects(readDump({ node: 'x', path: '/nonexistent/dump.txt' }, noStdin(), { service: 'default/web' }), { message: '/nonexistent/dump.txt: no such file' });
  });
});


/**
 * `kubectl slices rules` on every dataplane's dump, as a user runs it: the format is told by
 * content, the document says which dataplane it is, entries of dumps that name no Service are
 * picked by address, and --service on such a dump is refused in one line (exit 2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/capture.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const NFT = fixture('kubeproxy/nftables/dumps/v1.36.2-pi-listing.nft');
const IPVS = fixture('kubeproxy/ipvs/dumps/weight-zero-nodeport.txt');
const CILIUM = fixture('cilium/dumps/maintenance-pr24136.txt');
const CILIUM_JSON = fixture('cilium/dumps/service-list.json');

describe('rules reads every dataplane, told by content', () => {
  const cases = [
    { file: NFT, dataplane: 'nftables', row: /^kproxy-lab\/backend-api\s+http\s+TCP\s+10\.100\.192\.23:80\s+10\.244\.0\.10:9898 50%, 10\.244\.0\.8:9898 50%\s+None$/m },
    { file: IPVS, dataplane: 'ipvs', row: /^-\s+-\s+TCP\s+192\.168\.1\.2:32502\s+11\.0\.1\.8:80 0% weight 0, 11\.0\.2\.7:80 100%, 11\.0\.2\.10:80 0% weight 0\s+None\s+rr$/m },
    { file: CILIUM, dataplane: 'cilium', row: /^-\s+-\s+UNKNOWN\s+10\.32\.95\.217:6379 \(node port\)\s+10\.246\.1\.34:42069 50%, 10\.249\.92\.40:42069 0% maintenance, 10\.246\.3\.34:42069 50%\s+None$/m },
  ];
  for (const c of cases) {
    it(`${c.dataplane}: the table, and -o json's top-level dataplane`, async () => {
      const table = await runCli(['rules', c.file]);
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, c.row);
      const json = await runCli(['rules', c.file, '-o', 'json']);
      assert.equal(JSON.parse(json.stdout).dataplane, c.dataplane);
    });
  }

  it('-o json keeps every field of every entry, null where the format names no Service, and adds what the format shows', async () => {
    const { stdout } = await runCli(['rules', IPVS, '-o', 'json']);
    const [entry] = JSON.parse(stdout).services;
    assert.deepEqual(Object.keys(entry), ['service', 'port', 'protocol', 'frontends', 'endpoints', 'localEndpoints', 'noEndpoints', 'affinitySeconds', 'clusterIPChain', 'chains', 'scheduler']);
    assert.equal(entry.service, null);
    assert.equal(entry.port, null);
    assert.deepEqual(entry.endpoints[0], { ip: '11.0.1.8', port: 80, share: 0, chain: null, weight: 0, forward: 'Masq', connections: { active: 3, inactive: 555 } });
  });
});

describe('--frontend picks entries by address; --service needs it for ipvsadm and Cilium', () => {
  it('an address and port, and a node port on any address', async () => {
    const one = await runCli(['rules', CILIUM_JSON, '--frontend', '10.96.0.1:443', '-o', 'json']);
    assert.deepEqual(JSON.parse(one.stdout).services.map((s: { service: string }) => s.service), ['default/kubernetes']);
    const none = await runCli(['rules', IPVS, '--frontend', ':30080']);
    assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', `No IPVS virtual services at :30080 in ${IPVS}.\n`]);
  });

  it('--service alone on an ipvsadm or Cilium dump is one line, exit 2', async () => {
    for (const file of [IPVS, CILIUM]) {
      const r = await runCli(['rules', file, '--service', 'default/redis']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^error: .* is (ipvsadm|cilium-dbg) output: --service needs the Service's addresses for ipvsadm\/Cilium dumps: use --frontend IP:PORT\n$/);
    }
  });

  it('a --frontend that is no address is a usage error', async () => {
    const r = await runCli(['rules', IPVS, '--frontend', 'web:80']);
    assert.deepEqual([r.code, r.stderr], [2, 'error: --frontend wants IP:PORT, [IPv6]:PORT or :PORT, got "web:80"\n']);
  });
});

describe('without WebAssembly (node --jitless), the dump search falls back to indexOf and finds the same', () => {
  const bundle = fileURLToPath(new URL('../../dist/kubectl-slices.mjs', import.meta.url));
  const run = (flags: string[], args: string[]) => spawnSync(process.execPath, [...flags, bundle, ...args], { encoding: 'utf8' });
  const cases = [
    ['rules', NFT, '--service', 'kproxy-lab/backend-api', '-o', 'json'],
    ['rules', IPVS, '--frontend', '192.168.1.2:32502', '-o', 'json'],
    ['rules', CILIUM, '--frontend', '10.32.95.217:6379', '-o', 'json'],
    ['rules', CILIUM_JSON, '--frontend', '10.96.0.10:53', '-o', 'json'],
  ];
  for (const args of cases) {
    it(`${args[1]?.split('/').pop()} ${args[3]}`, () => {
      const vector = run([], args);
      const plain = run(['--jitless'], args);
      assert.equal(vector.status, 0, vector.stderr);
      assert.equal(plain.status, 0, plain.stderr);
      assert.ok(JSON.parse(vector.stdout).services.length > 0, 'the frontend is in the dump');
      assert.equal(plain.stdout, vector.stdout);
    });
  }
});

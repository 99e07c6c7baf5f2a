/** `kubectl slices rules` as a user runs it: output formats, filters, and one-line errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { load as loadYaml } from 'js-yaml';
import { runCli } from '../cli/capture.ts';

const dump = (name: string) => fileURLToPath(new URL(`./dumps/${name}.txt`, import.meta.url));
const expected = (name: string) => JSON.parse(readFileSync(new URL(`./dumps/${name}.expected.json`, import.meta.url), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'kubectl-slices-rules-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

test('rules prints one row per service port, kubectl style, with shares', async () => {
  const { code, stdout, stderr } = await runCli(['rules', dump('seed-before')]);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^SERVICE\s+PORT\s+PROTO\s+FRONTENDS\s+ENDPOINTS\s+AFFINITY$/);
  assert.equal(
    lines[1],
    'default/readiness-deployment   <unset>   TCP     10.96.176.157:80   10.244.0.5:8080 33.3%, 10.244.0.6:8080 33.3%, 10.244.0.7:8080 33.3%   None',
  );
});

test('rules -o json prints the decoded document, node named after the file', async () => {
  const { code, stdout } = await runCli(['rules', dump('modern-complete'), '-o', 'json']);
  assert.equal(code, 0);
  const document = JSON.parse(stdout);
  assert.deepEqual(document.services, expected('modern-complete').services);
  assert.equal(document.node, 'modern-complete');
  assert.deepEqual(Object.keys(document.services[0]).slice(0, 9), ['service', 'port', 'protocol', 'frontends', 'endpoints', 'localEndpoints', 'noEndpoints', 'affinitySeconds', 'clusterIPChain']);
});

test('rules -o yaml is the same document as -o json', async () => {
  const json = await runCli(['rules', dump('v1.19-xlb'), '-o', 'json']);
  const yamlOut = await runCli(['rules', dump('v1.19-xlb'), '-o', 'yaml']);
  assert.deepEqual(loadYaml(yamlOut.stdout), JSON.parse(json.stdout));
});

test('rules --service shows only that service, and says so when the dump has none of it', async () => {
  const one = await runCli(['rules', dump('modern-complete'), '--service', 'shop/front', '-o', 'json']);
  assert.deepEqual(JSON.parse(one.stdout).services.map((p: { service: string }) => p.service), ['shop/front']);
  const none = await runCli(['rules', dump('modern-complete'), '--service', 'shop/missing']);
  assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', `No kube-proxy rules for shop/missing in ${dump('modern-complete')}.\n`]);
});

test('rules - reads the dump from stdin', async () => {
  const { code, stdout } = await runCli(['rules', '-', '-o', 'json'], { stdin: readFileSync(dump('seed-after'), 'utf8') });
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout).services, expected('seed-after').services);
  assert.equal(JSON.parse(stdout).node, 'stdin');
});

test('rules NODE=FILE names the node, as explain --iptables does', async () => {
  const { code, stdout } = await runCli(['rules', `minikube=${dump('seed-after')}`, '--service', 'default/readiness-deployment', '-o', 'json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(stdout).node, 'minikube');
});

test('rules shows REJECT, DROP and unknown endpoints in words', async () => {
  const { stdout } = await runCli(['rules', dump('no-endpoints')]);
  assert.match(stdout, /ops\/batch .* REJECT \(no endpoints\)/);
  assert.match(stdout, /ops\/metrics .* DROP \(no local endpoints\)/);
  const partial = await runCli(['rules', dump('grep-partial')]);
  assert.match(partial.stdout, /f\/web .* unknown \(not in dump\)/);
  assert.match(partial.stdout, /f\/db .* \(shares unknown: chain partly in dump\)/);
});

test('rules summarises warnings on stderr: five lines at most, then a count', async () => {
  const { code, stderr } = await runCli(['rules', dump('garbage')]);
  assert.equal(code, 0);
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[0], `warning: ${dump('garbage')}:1: skipped: not an iptables-save line`);
  assert.equal(lines[5], `warning: ${dump('garbage')}: 4 more warnings (all are in -o json)`);
});

test('rules notes orphan endpoint chains on stderr', async () => {
  const { stderr } = await runCli(['rules', dump('large-cluster')]);
  assert.match(stderr, /^note: 3 endpoint chains that no service chain jumps to/m);
});

test('a missing file is a one-line error, exit 1', async () => {
  for (const extra of [[], ['--service', 'a/b']]) {
    const { code, stdout, stderr } = await runCli(['rules', join(scratch, 'nope.txt'), ...extra]);
    assert.deepEqual([code, stdout, stderr], [1, '', `error: ${join(scratch, 'nope.txt')}: no such file\n`]);
  }
});

test('a directory is a one-line error, exit 1', async () => {
  const directory = join(scratch, 'dir.txt');
  mkdirSync(directory, { recursive: true });
  const { code, stderr } = await runCli(['rules', directory]);
  assert.deepEqual([code, stderr], [1, `error: ${directory}: is a directory, not a file\n`]);
});

test('nft output is told by its content and decoded, whatever the file is called', async () => {
  const path = scratchFile('node1.txt', 'table ip kube-proxy {\n\tchain services {\n\t\tip daddr . meta l4proto . th dport vmap @service-ips\n\t}\n}\n');
  const { code, stdout } = await runCli(['rules', path, '-o', 'json']);
  assert.equal(code, 0);
  assert.equal(JSON.parse(stdout).dataplane, 'nftables');
});

test('JSON that is not Cilium\'s, and binary files, are refused in one line naming the formats read, exit 1', async () => {
  const json = scratchFile('rules.json', '{"services": []}\n');
  const { code, stdout, stderr } = await runCli(['rules', json]);
  assert.deepEqual([code, stdout], [1, '']);
  assert.equal(stderr, `error: ${json}: is not a node dump this tool reads (iptables-save or iptables -S, nft list table ip kube-proxy (or nft list ruleset), ipvsadm -Ln (or -Sn), cilium-dbg service list (or -o json), cilium-dbg bpf lb list)\n`);
  const binary = scratchFile('core', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
  assert.equal((await runCli(['rules', binary])).code, 1);
});

test("the iptables-save of an IPVS-mode node: one line naming the mode and ipvsadm, exit 1, in every format (kubernetes#105208)", async () => {
  const path = dump('ipvs-mode');
  const line = `error: ${path}: this iptables-save cannot show the node's service routing: line 8 matches :KUBE-LOAD-BALANCER: kube-proxy in IPVS mode keeps services in IPVS virtual servers, not in iptables chains; run \`ipvsadm -Ln\` on the node to see it\n`;
  for (const extra of [[], ['-o', 'json'], ['--service', 'default/web']]) {
    assert.deepEqual(await runCli(['rules', path, ...extra]), { code: 1, stdout: '', stderr: line }, extra.join(' '));
  }
});

test('a balancing chain with one KUBE-SEP chain not in the dump keeps every jump and share', async () => {
  const { code, stdout, stderr } = await runCli(['rules', dump('hostnames-grep')]);
  assert.deepEqual([code, stderr], [0, '']);
  assert.match(stdout, /10\.244\.1\.7:9376 33\.3%, KUBE-SEP-X3P2623AGDH6CDF3 \(address not in dump\) 33\.3%, 10\.244\.3\.6:9376 33\.3%/);
  const json = JSON.parse((await runCli(['rules', dump('hostnames-grep'), '-o', 'json'])).stdout);
  assert.equal(json.dataplane, 'iptables');
  assert.deepEqual(json.services[0].endpoints[1], { ip: null, port: null, share: 0.333335, chain: 'KUBE-SEP-X3P2623AGDH6CDF3' });
});

test('an empty dump is valid and has no services', async () => {
  const empty = scratchFile('empty.txt', '');
  const { code, stdout } = await runCli(['rules', empty, '-o', 'json']);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout).services, []);
});

test('an unknown -o format or a malformed --service is a usage error, exit 2', async () => {
  const format = await runCli(['rules', dump('seed-before'), '-o', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /^error: .*xml.*\n$/);
  const service = await runCli(['rules', dump('seed-before'), '--service', 'just-a-name']);
  assert.deepEqual([service.code, service.stderr], [2, 'error: --service wants NAMESPACE/NAME, got "just-a-name"\n']);
});

test('the built kubectl-slices binary decodes a dump (npm test builds it first)', () => {
  const bin = fileURLToPath(new URL('../../bin/kubectl-slices', import.meta.url));
  const whole = spawnSync(bin, ['rules', dump('v1.22'), '-o', 'json'], { encoding: 'utf8' });
  assert.equal(whole.status, 0, whole.stderr);
  assert.deepEqual(JSON.parse(whole.stdout).services, expected('v1.22').services);
  const one = spawnSync(bin, ['rules', dump('v1.22'), '--service', 'apps/lb', '-o', 'json'], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(one.stdout).services, expected('v1.22').services.filter((p: { service: string }) => p.service === 'apps/lb'));
  const missing = spawnSync(bin, ['rules', join(scratch, 'missing.txt')], { encoding: 'utf8' });
  assert.deepEqual([missing.status, missing.stderr], [1, `error: ${join(scratch, 'missing.txt')}: no such file\n`]);
});

test('the binary reads a pipe (<(iptables-save)) too, with and without --service', () => {
  const bin = fileURLToPath(new URL('../../bin/kubectl-slices', import.meta.url));
  for (const extra of ['', ' --service default/readiness-deployment']) {
    const result = spawnSync('bash', ['-c', `"${bin}" rules <(cat "${dump('seed-after')}")${extra} -o json`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).services, expected('seed-after').services);
  }
});
